using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Records;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Core.Tenancy;

namespace MassEmail.Server.Hosting;

/// <summary>What a newcomer needs to try a mass send at once: a few candidates and a ready template.</summary>
public sealed class DemoData(RecordService records, TemplateService templates)
{
    public const string TemplateName = "Demo: new openings";
    public const int Candidates = 25;

    public async Task AddAsync(ProvisionedOrganisation org, CancellationToken ct)
    {
        var caller = new Caller(org.Organisation.Id, org.Admin.Id, org.AdminKey.Key.Id, Permission.All);
        string[] first = ["Ada", "Grace", "Alan", "Edsger", "Barbara"];
        var rows = Enumerable.Range(1, Candidates).Select(i => new RecordInput(
            $"demo-{i:D3}", "", first[i % first.Length], $"Candidate{i}", $"candidate{i}@demo-recruiting.example", "", org.Admin.Id, "",
            false, new Dictionary<string, FieldValue> { ["city"] = FieldValue.Of(i % 2 == 0 ? "Berlin" : "Paris") })).ToList();
        await records.UpsertBatchAsync(caller, RecordModule.Candidates, rows, 1, records.NewFieldCache(caller), ct);
        await templates.CreateAsync(caller, new TemplateDraft(
            TemplateName,
            null,
            "New openings in {{ record.city | default: \"your city\" }}, {{ record.first_name }}",
            "<p>Hi {{ record.first_name }},</p><p>{{ owner.first_name }} at {{ org.name }} has new roles for you.</p>"
                + "<p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>",
            null,
            new Mailbox("jobs@demo-recruiting.example", "Demo Recruiting Jobs"),
            null,
            TemplateEngineKind.Liquid,
            "Created by the dev run"), ct);
    }
}
