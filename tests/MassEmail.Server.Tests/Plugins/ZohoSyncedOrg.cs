using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using Microsoft.Extensions.DependencyInjection;
using IListSubscriptionStore = MassEmail.Core.Recipients.Lists.IListSubscriptionStore;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// An organisation with one candidate on a local list, a Zoho Campaigns connection on the fake (with a webhook secret
/// when asked) and one sync definition to a Zoho list of its own, from a view of everyone or from the local list: the
/// same remote unsubscribe can reach it by webhook or by polling, and <see cref="ResultAsync"/> reads what it did here.
/// </summary>
internal sealed record ZohoSyncedOrg(string OrgId, RecipientsService.RecipientsServiceClient Recipients, string RecordId, string Email, string ListId, string RemoteList, string WebhookUrl)
{
    private const string Secret = "zoho-equivalence-secret-5e2d";

    public static async Task<ZohoSyncedOrg> CreateAsync(MassEmailServer server, FakeZohoCampaigns zoho, bool fromList, bool withWebhook)
    {
        var org = await server.CreateOrganisationAsync($"Zoho synced {Guid.NewGuid():N}");
        var invoker = server.Invoker(org.AdminKey.Secret);
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        const string email = "ada@synced.example";
        var record = (await recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate("ada", email) })).Record;
        var list = (await recipients.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Module = RecordModule.Candidates, Name = "News" } })).List;
        await recipients.AddListMembersAsync(new AddListMembersRequest { ListId = list.Id, RecordIds = { record.Id } });
        var view = await recipients.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Module = RecordModule.Candidates, Name = "Everyone", Criteria = R.And() },
        });

        var remoteList = $"synced-{Guid.NewGuid():N}";
        zoho.AddList(remoteList, "Synced");
        var create = PluginsServiceTests.Zoho("Zoho EU", "eu");
        if (withWebhook)
        {
            create.ZohoCampaigns.WebhookSecret = Secret;
        }

        var plugins = new PluginsService.PluginsServiceClient(invoker);
        var connection = (await plugins.CreateConnectionAsync(create)).Connection;
        var definition = SyncDefinitionsTests.Draft(connection.Id, view.View.Id, remoteList);
        if (fromList)
        {
            definition.ListId = list.Id;
        }

        await plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = definition });
        return new ZohoSyncedOrg(
            org.Organisation.Id, recipients, record.Id, email, list.Id, remoteList, connection.WebhookUrl.Replace("{webhook_secret}", Secret, StringComparison.Ordinal));
    }

    /// <summary>The record's opt-out, its state on the local list, and its consent changes other than joining the list.</summary>
    public async Task<Result> ResultAsync(MassEmailServer server)
    {
        var optedOut = (await Recipients.GetRecordAsync(new GetRecordRequest { Id = RecordId })).Record.EmailOptOut;
        var state = await server.Services.GetRequiredService<IListSubscriptionStore>().GetAsync(OrgId, ListId, RecordId, default);
        var changes = (await Recipients.ListConsentChangesAsync(new ListConsentChangesRequest { RecordId = RecordId })).Changes
            .Where(c => c.Kind != ConsentKind.Subscribed)
            .Select(c => $"{c.Kind} {c.Source} {(string.IsNullOrEmpty(c.ListId) ? "everywhere" : c.ListId == ListId ? "list" : c.ListId)}");
        return new Result(optedOut, state?.State.ToString() ?? "none", string.Join("; ", changes));
    }

    /// <summary>What a remote unsubscribe left here, comparable across organisations.</summary>
    internal sealed record Result(bool OptedOut, string ListState, string Changes);
}
