using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Server.Tests.Scheduling;
using MassEmail.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Server.Tests.Autoresponders;

/// <summary>An organisation with a static list, a view of candidates in Berlin, two templates, and autoresponders of them.</summary>
internal sealed record AutoresponderSetup(MassEmailServer Server, string AdminUserId, string Key, CallInvoker Invoker, string ListId, string ViewId, string FirstTemplateId, string SecondTemplateId)
{
    /// <summary>Autoresponder rounds every second of the fake clock.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FastRounds = new Dictionary<string, string?> { ["Autoresponders:PollInterval"] = "00:00:01" };

    public AutorespondersService.AutorespondersServiceClient Autoresponders => new(Invoker);

    public RecipientsService.RecipientsServiceClient Recipients => new(Invoker);

    public MassSendService.MassSendServiceClient Sends => new(Invoker);

    public static async Task<AutoresponderSetup> CreateAsync(MassEmailServer server, int? bulkDailyLimit = null)
    {
        var org = await server.CreateOrganisationAsync($"Autoresponders {Guid.NewGuid():N}", bulkDailyLimit: bulkDailyLimit);
        var invoker = server.Invoker(org.AdminKey.Secret);
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        // The view's custom field exists once a record has it.
        await recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate("seed", "seed@auto.example", custom: ("city", R.Text("Paris"))) });
        var list = await recipients.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Module = RecordModule.Candidates, Name = "Applicants" } });
        var view = await recipients.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView
            {
                Module = RecordModule.Candidates,
                Name = "Berlin",
                Criteria = R.Where("city", ConditionOperator.Equals, R.Text("Berlin")),
            },
        });
        var templates = new TemplatesService.TemplatesServiceClient(invoker);
        var first = await templates.CreateTemplateAsync(new CreateTemplateRequest { Template = new Template { Name = "Welcome", Subject = "Welcome {{ record.first_name }}", HtmlBody = "<p>1</p>" } });
        var second = await templates.CreateTemplateAsync(new CreateTemplateRequest { Template = new Template { Name = "Follow-up", Subject = "Still there?", HtmlBody = "<p>2</p>" } });
        return new AutoresponderSetup(server, org.Admin.Id, org.AdminKey.Secret, invoker, list.List.Id, view.View.Id, first.Template.Id, second.Template.Id);
    }

    /// <summary>Step 1 a day after the enrolment, step 2 two days after step 1.</summary>
    public Autoresponder Draft(AutoresponderTrigger? trigger = null) => new()
    {
        Name = "Welcome series",
        Module = RecordModule.Candidates,
        Trigger = trigger ?? new AutoresponderTrigger { ListId = ListId },
        Steps =
        {
            new AutoresponderStep { TemplateId = FirstTemplateId, DelayDays = 1, From = AddressChoice.Organisation, ReplyTo = AddressChoice.Organisation },
            new AutoresponderStep { TemplateId = SecondTemplateId, DelayDays = 2, From = AddressChoice.Organisation, ReplyTo = AddressChoice.Organisation },
        },
    };

    public async Task<Autoresponder> CreateActiveAsync(Autoresponder draft, bool enrollExisting = false)
    {
        var created = (await Autoresponders.CreateAutoresponderAsync(new CreateAutoresponderRequest { Autoresponder = draft })).Autoresponder;
        return (await Autoresponders.ActivateAutoresponderAsync(new ActivateAutoresponderRequest { Id = created.Id, EnrollExisting = enrollExisting })).Autoresponder;
    }

    public async Task<string> CandidateAsync(string externalId, string city = "Berlin") =>
        (await Recipients.UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = RecordModule.Candidates,
            Record = R.Candidate(externalId, $"{externalId}@auto.example", custom: ("city", R.Text(city))),
        })).Record.Id;

    public Task JoinListAsync(params string[] recordIds) =>
        Recipients.AddListMembersAsync(new AddListMembersRequest { ListId = ListId, RecordIds = { recordIds } }).ResponseAsync;

    public async Task<List<Enrollment>> EnrollmentsAsync(string autoresponderId) =>
        [.. (await Autoresponders.ListEnrollmentsAsync(new ListEnrollmentsRequest { AutoresponderId = autoresponderId, PageSize = 200 })).Enrollments];

    public async Task<List<MassSend>> SendsAsync() => [.. (await Sends.ListMassSendsAsync(new ListMassSendsRequest { PageSize = 200 })).Sends];

    public async Task<long> BulkUsedAsync() => (await Sends.GetUsageAsync(new GetUsageRequest())).BulkUsed;

    /// <summary>
    /// Moves the clock to <paramref name="at"/> (when later), then waits until <paramref name="done"/> holds for the
    /// autoresponder's enrolments, moving the clock on by a second per look (at most a minute) so that rounds run.
    /// </summary>
    public async Task<List<Enrollment>> RunUntilAsync(FakeTimeProvider clock, string autoresponderId, DateTimeOffset at, Func<List<Enrollment>, bool> done)
    {
        if (at > clock.GetUtcNow())
        {
            clock.SetUtcNow(at);
        }

        var nudges = 0;
        return await Progress.WaitAsync(
            async () =>
            {
                var enrollments = await EnrollmentsAsync(autoresponderId);
                if (!done(enrollments) && nudges++ < 60)
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                }

                return enrollments;
            },
            done,
            e => string.Join(",", e.Select(x => $"{x.RecordId}:{x.State}:{x.StepsSent}")) + nudges,
            e => $"enrolments of {autoresponderId} at {clock.GetUtcNow():O}: {string.Join(", ", e.Select(x => $"{x.RecordId} {x.State} {x.StepsSent} {x.Reason}"))}");
    }
}
