using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Connections;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// Issue 14, sync definitions: stored per connection with the vendor's default mapping, checked whole (fields, the
/// schedules engine's timing rules, the source as an audience, the target list against the vendor's ListRemoteLists
/// on the fake Zoho Campaigns and Mailchimp), updated only at the stored version, kept apart per organisation, and a
/// connection that has definitions is not deleted. No worker runs them yet: the status is pending with zeros.
/// </summary>
public abstract class SyncDefinitionsTests(PluginsServerFixture fixture)
{
    private static readonly int NextYear = DateTime.UtcNow.Year + 1;

    [SkippableFact]
    public async Task Zoho_CreateWithDefaults_GetListStatusUpdateDelete()
    {
        var org = await NewOrgAsync();
        var connectionId = (await org.Plugins.CreateConnectionAsync(PluginsServiceTests.Zoho("Zoho EU", "eu"))).Connection.Id;
        var draft = Draft(connectionId, org.ViewId, PluginsServerFixture.ZohoList);

        var created = (await org.Plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = draft })).SyncDefinition;

        Assert.Equal(1, created.Version);
        Assert.Equal("Nightly candidates", created.Name);
        Assert.Equal(
            [("email", "Contact Email"), ("first_name", "First Name"), ("last_name", "Last Name")],
            created.Fields.Select(f => (f.LocalField, f.RemoteField)));
        Assert.True(created.ExcludeEmailOptOuts);
        Assert.Equal(RecordDeletedAction.RemoveFromList, created.OnRecordDeleted);
        Assert.Equal(SyncDefinition.SourceOneofCase.ViewId, created.SourceCase);
        Assert.Equal(draft.Schedule, created.Schedule);
        Assert.Equal(created, (await org.Plugins.GetSyncDefinitionAsync(new GetSyncDefinitionRequest { Id = created.Id })).SyncDefinition);
        Assert.Equal([created], (await org.Plugins.ListSyncDefinitionsAsync(new ListSyncDefinitionsRequest { ConnectionId = connectionId })).SyncDefinitions);
        var status = (await org.Plugins.GetSyncStatusAsync(new GetSyncStatusRequest { Id = created.Id })).Status;
        // Its first run is the schedule's first occurrence: 09:30 in Warsaw in May is 07:30 UTC.
        var firstRun = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(NextYear, 5, 4, 7, 30, 0, TimeSpan.Zero));
        Assert.Equal(new SyncStatus { State = SyncState.Pending, NextRunTime = firstRun }, status);

        var change = created.Clone();
        change.Name = "Weekly candidates";
        change.Criteria = R.Where("email", ConditionOperator.IsNotEmpty);
        change.Fields.Add(new SyncFieldMapping { LocalField = "skills", RemoteField = "Skills" });
        change.ExcludeEmailOptOuts = false;
        change.OnRecordDeleted = RecordDeletedAction.Leave;
        change.Schedule.Weekly = new WeeklyRecurrence { Days = { Weekday.Monday, Weekday.Friday } };
        change.Continuous = true;
        var updated = (await org.Plugins.UpdateSyncDefinitionAsync(new UpdateSyncDefinitionRequest { SyncDefinition = change })).SyncDefinition;

        Assert.Equal(2, updated.Version);
        Assert.Equal(SyncDefinition.SourceOneofCase.Criteria, updated.SourceCase);
        Assert.Equal(4, updated.Fields.Count);
        Assert.False(updated.ExcludeEmailOptOuts);
        Assert.Equal(RecordDeletedAction.Leave, updated.OnRecordDeleted);
        Assert.Equal([Weekday.Monday, Weekday.Friday], updated.Schedule.Weekly.Days);
        Assert.True(updated.Continuous);
        Assert.Equal(updated, (await org.Plugins.GetSyncDefinitionAsync(new GetSyncDefinitionRequest { Id = created.Id })).SyncDefinition);

        await org.Plugins.DeleteSyncDefinitionAsync(new DeleteSyncDefinitionRequest { Id = created.Id });

        await RpcAssert.Fails(StatusCode.NotFound, () => org.Plugins.GetSyncDefinitionAsync(new GetSyncDefinitionRequest { Id = created.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => org.Plugins.GetSyncStatusAsync(new GetSyncStatusRequest { Id = created.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => org.Plugins.SyncNowAsync(new SyncNowRequest { Id = created.Id, FullResync = true }));
        await RpcAssert.Fails(StatusCode.NotFound, () => org.Plugins.DeleteSyncDefinitionAsync(new DeleteSyncDefinitionRequest { Id = created.Id }));
        Assert.Empty((await org.Plugins.ListSyncDefinitionsAsync(new ListSyncDefinitionsRequest { ConnectionId = connectionId })).SyncDefinitions);
    }

    [SkippableFact]
    public async Task Mailchimp_ListSourceMonthly_DefaultMergeTags()
    {
        var org = await NewOrgAsync();
        var connectionId = (await org.Plugins.CreateConnectionAsync(PluginsServiceTests.Mailchimp("Mailchimp", "", FakeMailchimp.ApiKey))).Connection.Id;
        var draft = Draft(connectionId, org.ViewId, PluginsServerFixture.MailchimpList);
        draft.ListId = org.ListId;
        draft.Schedule.Monthly = new MonthlyRecurrence { DayOfMonth = 31 };

        var created = (await org.Plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = draft })).SyncDefinition;

        Assert.Equal(org.ListId, created.ListId);
        Assert.Equal(31, created.Schedule.Monthly.DayOfMonth);
        Assert.Equal(["email_address", "FNAME", "LNAME"], created.Fields.Select(f => f.RemoteField));
    }

    [SkippableFact]
    public async Task Create_UnknownRemoteList_FailedPreconditionNamingIt_VendorRefusal_AsListRemoteLists_NothingStored()
    {
        var org = await NewOrgAsync();
        var zohoId = (await org.Plugins.CreateConnectionAsync(PluginsServiceTests.Zoho("Zoho", "eu"))).Connection.Id;
        var refusedId = (await org.Plugins.CreateConnectionAsync(PluginsServiceTests.Mailchimp("Wrong key", "us6", "ffffffffffffffffffffffffffffffff-us6"))).Connection.Id;

        var unknown = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => org.Plugins.CreateSyncDefinitionAsync(
            new CreateSyncDefinitionRequest { SyncDefinition = Draft(zohoId, org.ViewId, "no-such-list-7") }));
        var refused = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => org.Plugins.CreateSyncDefinitionAsync(
            new CreateSyncDefinitionRequest { SyncDefinition = Draft(refusedId, org.ViewId, PluginsServerFixture.MailchimpList) }));

        Assert.Equal(["sync_definition.remote_list_id"], unknown.PreconditionSubjects());
        Assert.Contains("no-such-list-7", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["connection"], refused.PreconditionSubjects());
        Assert.Contains("401", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await org.Plugins.ListSyncDefinitionsAsync(new ListSyncDefinitionsRequest { ConnectionId = zohoId })).SyncDefinitions);
        Assert.Empty((await org.Plugins.ListSyncDefinitionsAsync(new ListSyncDefinitionsRequest { ConnectionId = refusedId })).SyncDefinitions);
    }

    [SkippableFact]
    public async Task Create_BadShapes_InvalidArgumentNamingTheFields_NothingStored()
    {
        var org = await NewOrgAsync();
        var connectionId = (await org.Plugins.CreateConnectionAsync(PluginsServiceTests.Zoho("Zoho", "eu"))).Connection.Id;
        SyncDefinition With(Action<SyncDefinition> change)
        {
            var d = Draft(connectionId, org.ViewId, PluginsServerFixture.ZohoList);
            change(d);
            return d;
        }

        var cases = new (SyncDefinition? Definition, string[] Fields)[]
        {
            (null, ["sync_definition"]),
            (With(d => d.ConnectionId = "nope"), ["sync_definition.connection_id"]),
            (With(d => d.Name = " "), ["sync_definition.name"]),
            (With(d => d.Module = RecordModule.Clients), ["sync_definition.module"]),
            (With(d => d.ClearSource()), ["sync_definition.source"]),
            (With(d => d.ViewId = "x"), ["sync_definition.view_id"]),
            (With(d => d.Criteria = R.Where("no_such_field", ConditionOperator.IsNotEmpty)), ["sync_definition.criteria.condition.field"]),
            (With(d => d.RemoteListId = ""), ["sync_definition.remote_list_id"]),
            (With(d => d.OnRecordDeleted = (RecordDeletedAction)9), ["sync_definition.on_record_deleted"]),
            (With(d => d.Fields.Add(new[] { Map("email", "Contact Email"), Map("nickname", "Nick"), Map("first_name", "CONTACT EMAIL") })),
                ["sync_definition.fields[1].local_field", "sync_definition.fields[2].remote_field"]),
            (With(d => d.Fields.Add(Map("first_name", ""))), ["sync_definition.fields[0].remote_field", "sync_definition.fields"]),
            (With(d => d.Fields.Add(Enumerable.Range(0, 51).Select(i => Map("email", $"F{i}")))), ["sync_definition.fields"]),
            (With(d => d.Schedule = null), ["sync_definition.schedule"]),
            (With(d => d.Schedule.TimeZone = "Mars/Olympus"), ["sync_definition.schedule.time_zone"]),
            (With(d => d.Schedule.Start.Year = 2001), ["sync_definition.schedule.start"]),
            (With(d => d.Schedule.Start.Month = 13), ["sync_definition.schedule.start"]),
            (With(d => d.Schedule.Weekly = new WeeklyRecurrence()), ["sync_definition.schedule.weekly.days"]),
            (With(d => d.Schedule.Monthly = new MonthlyRecurrence { DayOfMonth = 32 }), ["sync_definition.schedule.monthly.day_of_month"]),
        };

        foreach (var (definition, fields) in cases)
        {
            var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => org.Plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = definition }));
            Assert.True(fields.SequenceEqual(e.ViolatedFields()), $"{definition}: expected [{string.Join(", ", fields)}], got [{string.Join(", ", e.ViolatedFields())}]");
        }

        await RpcAssert.Fails(StatusCode.NotFound, () => org.Plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest
        {
            SyncDefinition = Draft(connectionId, "0123456789abcdef01234567", PluginsServerFixture.ZohoList),
        }));
        Assert.Empty((await org.Plugins.ListSyncDefinitionsAsync(new ListSyncDefinitionsRequest { ConnectionId = connectionId })).SyncDefinitions);
    }

    [SkippableFact]
    public async Task Update_StaleVersion_Aborted_NameTaken_AlreadyExists_NothingChanged()
    {
        var org = await NewOrgAsync();
        var connectionId = (await org.Plugins.CreateConnectionAsync(PluginsServiceTests.Zoho("Zoho", "eu"))).Connection.Id;
        var first = (await org.Plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = Draft(connectionId, org.ViewId, PluginsServerFixture.ZohoList) })).SyncDefinition;
        var second = Draft(connectionId, org.ViewId, PluginsServerFixture.ZohoList);
        second.Name = "Second";
        second = (await org.Plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = second })).SyncDefinition;
        var renamed = first.Clone();
        renamed.Name = "Renamed";
        await org.Plugins.UpdateSyncDefinitionAsync(new UpdateSyncDefinitionRequest { SyncDefinition = renamed });

        var stale = first.Clone();
        stale.Name = "Stale";
        await RpcAssert.Fails(StatusCode.Aborted, () => org.Plugins.UpdateSyncDefinitionAsync(new UpdateSyncDefinitionRequest { SyncDefinition = stale }));
        var clash = second.Clone();
        clash.Name = " RENAMED";
        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => org.Plugins.UpdateSyncDefinitionAsync(new UpdateSyncDefinitionRequest { SyncDefinition = clash }));

        Assert.Equal(["sync_definition.name"], e.ViolatedFields());
        Assert.Equal(
            ["Renamed", "Second"],
            (await org.Plugins.ListSyncDefinitionsAsync(new ListSyncDefinitionsRequest { ConnectionId = connectionId })).SyncDefinitions.Select(d => d.Name));
    }

    [SkippableFact]
    public async Task DeleteConnection_WithDefinitions_FailedPreconditionNamingThem_ThenDeletedOnceTheyAreGone()
    {
        var org = await NewOrgAsync();
        var connectionId = (await org.Plugins.CreateConnectionAsync(PluginsServiceTests.Zoho("Zoho", "eu"))).Connection.Id;
        var definition = (await org.Plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = Draft(connectionId, org.ViewId, PluginsServerFixture.ZohoList) })).SyncDefinition;

        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => org.Plugins.DeleteConnectionAsync(new DeleteConnectionRequest { Id = connectionId }));

        Assert.Contains("Nightly candidates", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(definition.Id, e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(connectionId, (await org.Plugins.GetConnectionAsync(new GetConnectionRequest { Id = connectionId })).Connection.Id);
        await org.Plugins.DeleteSyncDefinitionAsync(new DeleteSyncDefinitionRequest { Id = definition.Id });
        await org.Plugins.DeleteConnectionAsync(new DeleteConnectionRequest { Id = connectionId });
        await RpcAssert.Fails(StatusCode.NotFound, () => org.Plugins.ListSyncDefinitionsAsync(new ListSyncDefinitionsRequest { ConnectionId = connectionId }));
    }

    [SkippableFact]
    public async Task AnotherOrganisationsDefinitions_NotFound_WithoutPluginsAdmin_PermissionDenied()
    {
        var org = await NewOrgAsync();
        var connectionId = (await org.Plugins.CreateConnectionAsync(PluginsServiceTests.Zoho("Zoho", "eu"))).Connection.Id;
        var definition = (await org.Plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = Draft(connectionId, org.ViewId, PluginsServerFixture.ZohoList) })).SyncDefinition;
        var other = await NewOrgAsync();
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey));
        var everythingElse = Enum.GetValues<Permission>().Where(p => p is not Permission.Unspecified and not Permission.PluginsAdmin).ToList();
        var key = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { UserId = org.AdminUserId, Name = "no plugins", Permissions = { everythingElse } });
        var denied = new PluginsService.PluginsServiceClient(fixture.Server.Invoker(key.Secret));
        var theirs = Draft(connectionId, other.ViewId, PluginsServerFixture.ZohoList);
        var change = definition.Clone();
        change.Name = "Taken over";

        await RpcAssert.Fails(StatusCode.NotFound, () => other.Plugins.GetSyncDefinitionAsync(new GetSyncDefinitionRequest { Id = definition.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Plugins.GetSyncStatusAsync(new GetSyncStatusRequest { Id = definition.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Plugins.ListSyncDefinitionsAsync(new ListSyncDefinitionsRequest { ConnectionId = connectionId }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Plugins.UpdateSyncDefinitionAsync(new UpdateSyncDefinitionRequest { SyncDefinition = change }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Plugins.DeleteSyncDefinitionAsync(new DeleteSyncDefinitionRequest { Id = definition.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = theirs }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.GetSyncDefinitionAsync(new GetSyncDefinitionRequest { Id = definition.Id }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.GetSyncStatusAsync(new GetSyncStatusRequest { Id = definition.Id }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.ListSyncDefinitionsAsync(new ListSyncDefinitionsRequest { ConnectionId = connectionId }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.UpdateSyncDefinitionAsync(new UpdateSyncDefinitionRequest { SyncDefinition = change }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.DeleteSyncDefinitionAsync(new DeleteSyncDefinitionRequest { Id = definition.Id }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = Draft(connectionId, org.ViewId, PluginsServerFixture.ZohoList) }));
        Assert.Equal(definition, (await org.Plugins.GetSyncDefinitionAsync(new GetSyncDefinitionRequest { Id = definition.Id })).SyncDefinition);
    }

    [SkippableFact]
    public async Task DefinitionLeftWithoutItsConnection_NotFound_AndGoneWithTheConnectionsSweep()
    {
        // What a process killed between DeleteConnection's two deletes (or a create racing a delete) leaves behind.
        var org = await NewOrgAsync();
        var connectionId = (await org.Plugins.CreateConnectionAsync(PluginsServiceTests.Zoho("Zoho", "eu"))).Connection.Id;
        var definition = (await org.Plugins.CreateSyncDefinitionAsync(new CreateSyncDefinitionRequest { SyncDefinition = Draft(connectionId, org.ViewId, PluginsServerFixture.ZohoList) })).SyncDefinition;
        var store = fixture.Server.Services.GetRequiredService<MassEmail.Core.Syncs.ISyncDefinitionStore>();
        var connections = fixture.Server.Services.GetRequiredService<IConnectionStore>();
        Assert.True(await connections.DeleteAsync(org.OrgId, connectionId, CancellationToken.None));

        await RpcAssert.Fails(StatusCode.NotFound, () => org.Plugins.GetSyncDefinitionAsync(new GetSyncDefinitionRequest { Id = definition.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => org.Plugins.GetSyncStatusAsync(new GetSyncStatusRequest { Id = definition.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => org.Plugins.ListSyncDefinitionsAsync(new ListSyncDefinitionsRequest { ConnectionId = connectionId }));
        Assert.Equal(1, await store.DeleteForConnectionAsync(org.OrgId, connectionId, CancellationToken.None));
    }

    internal static SyncDefinition Draft(string connectionId, string viewId, string remoteListId) => new()
    {
        ConnectionId = connectionId,
        Name = "Nightly candidates",
        Module = RecordModule.Candidates,
        ViewId = viewId,
        RemoteListId = remoteListId,
        Schedule = new SyncSchedule
        {
            TimeZone = "Europe/Warsaw",
            Start = new LocalDateTime { Year = NextYear, Month = 5, Day = 4, Hour = 9, Minute = 30 },
            Daily = new DailyRecurrence(),
        },
    };

    private static SyncFieldMapping Map(string local, string remote) => new() { LocalField = local, RemoteField = remote };

    private async Task<Org> NewOrgAsync()
    {
        var org = await fixture.Server.CreateOrganisationAsync($"Syncs {Guid.NewGuid():N}");
        var invoker = fixture.Server.Invoker(org.AdminKey.Secret);
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        await recipients.UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = RecordModule.Candidates,
            Record = R.Candidate("c1", "ada@example.org", custom: ("skills", R.Text("C#"))),
        });
        var view = await recipients.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Module = RecordModule.Candidates, Name = "Everyone", Criteria = R.And() },
        });
        var list = await recipients.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Module = RecordModule.Candidates, Name = "Newsletter" } });
        return new Org(new PluginsService.PluginsServiceClient(invoker), view.View.Id, list.List.Id, org.AdminKey.Secret, org.Admin.Id, org.Organisation.Id);
    }

    private sealed record Org(PluginsService.PluginsServiceClient Plugins, string ViewId, string ListId, string AdminKey, string AdminUserId, string OrgId);
}

[Trait("Store", "Sqlite")]
public sealed class SyncDefinitionsSqliteTests(SqlitePluginsServerFixture f) : SyncDefinitionsTests(f), IClassFixture<SqlitePluginsServerFixture>;

[Trait("Store", "Mongo")]
public sealed class SyncDefinitionsMongoTests(MongoPluginsServerFixture f) : SyncDefinitionsTests(f), IClassFixture<MongoPluginsServerFixture>;
