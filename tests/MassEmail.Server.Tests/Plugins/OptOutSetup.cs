using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// An organisation with candidates, a view of all of them, a Zoho Campaigns connection and a Mailchimp connection on
/// the fakes, and a sync definition of the view to one list at each: where its opt-outs are published and polled. A
/// local list of all of them is synced by a third definition to a second Zoho list.
/// </summary>
internal sealed record OptOutSetup(RecipientsService.RecipientsServiceClient Recipients, IReadOnlyList<(string Id, string Email)> Candidates, string ListId)
{
    public const string ZohoList = "optout-zoho-list";
    public const string ZohoNewsList = "optout-zoho-news";
    public const string MailchimpList = "optout-mc-list";

    public static async Task<OptOutSetup> CreateAsync(MassEmailServer server, int candidates)
    {
        var org = await server.CreateOrganisationAsync($"Opt-outs {Guid.NewGuid():N}");
        var invoker = server.Invoker(org.AdminKey.Secret);
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        var created = new List<(string, string)>();
        for (var i = 0; i < candidates; i++)
        {
            var email = $"candidate{i}@optout.example";
            var record = await recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate($"c{i}", email) });
            created.Add((record.Record.Id, email));
        }

        var view = await recipients.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Module = RecordModule.Candidates, Name = "Everyone", Criteria = R.And() },
        });
        var plugins = new PluginsService.PluginsServiceClient(invoker);
        var zohoId = (await plugins.CreateConnectionAsync(PluginsServiceTests.Zoho("Zoho EU", "eu"))).Connection.Id;
        var mailchimpId = (await plugins.CreateConnectionAsync(PluginsServiceTests.Mailchimp("Mailchimp", "us6", FakeMailchimp.ApiKey))).Connection.Id;
        await plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = SyncDefinitionsTests.Draft(zohoId, view.View.Id, ZohoList) });
        await plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = SyncDefinitionsTests.Draft(mailchimpId, view.View.Id, MailchimpList) });
        var list = (await recipients.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Module = RecordModule.Candidates, Name = "News" } })).List;
        await recipients.AddListMembersAsync(new AddListMembersRequest { ListId = list.Id, RecordIds = { created.Select(c => c.Item1) } });
        var news = SyncDefinitionsTests.Draft(zohoId, view.View.Id, ZohoNewsList);
        news.Name = "News";
        news.ListId = list.Id;
        await plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = news });
        return new OptOutSetup(recipients, created, list.Id);
    }

    public async Task<bool> OptedOutAsync(string recordId) => (await Recipients.GetRecordAsync(new GetRecordRequest { Id = recordId })).Record.EmailOptOut;

    public Task OptOutAsync(string recordId) => Recipients.SetEmailOptOutAsync(new SetEmailOptOutRequest { Id = recordId, EmailOptOut = true }).ResponseAsync;

    public async Task<List<ConsentChange>> HistoryAsync(string recordId) =>
        [.. (await Recipients.ListConsentChangesAsync(new ListConsentChangesRequest { RecordId = recordId })).Changes];
}
