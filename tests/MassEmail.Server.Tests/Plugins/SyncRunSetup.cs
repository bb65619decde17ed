using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// An organisation with candidates (every fifth with a first name, so both Zoho's one-contact and bulk calls are used;
/// the others without names), a view of all of them, a Zoho Campaigns connection and a sync definition of the view to
/// one list, daily at <paramref name="Daily"/> in Warsaw from the given day.
/// </summary>
internal sealed record SyncRunSetup(
    RecipientsService.RecipientsServiceClient Recipients, PluginsService.PluginsServiceClient Plugins, string AdminKey, string DefinitionId)
{
    public const string ZohoList = "sync-run-list";

    /// <summary>The local list the definition syncs, when it syncs one.</summary>
    public string ListId { get; init; } = "";

    public static string Email(int i) => $"member{i}@sync.example";

    public static RecordInput Candidate(int i, bool optOut = false) =>
        new() { ExternalId = $"s{i:D5}", Email = Email(i), FirstName = i % 5 == 0 ? $"Ann{i}" : "", LastName = "", EmailOptOut = optOut };

    public static async Task<SyncRunSetup> CreateAsync(MassEmailServer server, int candidates, Func<int, bool> optedOut, LocalDateTime daily, bool continuousOfAList = false)
    {
        var org = await server.CreateOrganisationAsync($"Sync runs {Guid.NewGuid():N}");
        var setup = await CreateAsync(server.Invoker(org.AdminKey.Secret), candidates, optedOut, daily, continuousOfAList);
        return setup with { AdminKey = org.AdminKey.Secret };
    }

    /// <summary>The same in an organisation the caller's key administers (a server process's, in the drills).</summary>
    /// <param name="continuousOfAList">The source is a local list of every candidate (<see cref="ListId"/>), and the definition continuous.</param>
    public static async Task<SyncRunSetup> CreateAsync(
        global::Grpc.Core.CallInvoker invoker, int candidates, Func<int, bool> optedOut, LocalDateTime daily, bool continuousOfAList = false)
    {
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        foreach (var chunk in Enumerable.Range(0, candidates).Chunk(1_000))
        {
            using var import = recipients.ImportRecords();
            await import.RequestStream.WriteAsync(new ImportRecordsRequest { Module = RecordModule.Candidates, Records = { chunk.Select(i => Candidate(i, optedOut(i))) } });
            await import.RequestStream.CompleteAsync();
            await import;
        }

        var view = await recipients.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Module = RecordModule.Candidates, Name = "Everyone", Criteria = R.And() },
        });
        var plugins = new PluginsService.PluginsServiceClient(invoker);
        var connectionId = (await plugins.CreateConnectionAsync(PluginsServiceTests.Zoho("Zoho", "eu"))).Connection.Id;
        var draft = SyncDefinitionsTests.Draft(connectionId, view.View.Id, ZohoList);
        draft.Schedule.Start = daily;
        var listId = "";
        if (continuousOfAList)
        {
            listId = (await recipients.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Module = RecordModule.Candidates, Name = "Synced" } })).List.Id;
            var members = await recipients.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 500 });
            await recipients.AddListMembersAsync(new AddListMembersRequest { ListId = listId, RecordIds = { members.Records.Select(r => r.Id) } });
            (draft.ListId, draft.Continuous) = (listId, true);
        }

        var definition = (await plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = draft })).SyncDefinition;
        return new SyncRunSetup(recipients, plugins, "", definition.Id) { ListId = listId };
    }

    /// <summary>The same organisation through another instance on the store.</summary>
    public SyncRunSetup On(MassEmailServer server)
    {
        var invoker = server.Invoker(AdminKey);
        return this with { Recipients = new(invoker), Plugins = new(invoker) };
    }

    public async Task<SyncStatus> StatusAsync() => (await Plugins.GetSyncStatusAsync(new GetSyncStatusRequest { Id = DefinitionId })).Status;
}
