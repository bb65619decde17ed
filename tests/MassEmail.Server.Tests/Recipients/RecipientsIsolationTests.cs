using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Recipients;

/// <summary>No record, view or list of another organisation is visible or changeable; read/write permissions hold.</summary>
public abstract class RecipientsIsolationTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task OtherOrganisation_EveryRecipientsOperation_SeesNotFoundOrNothing()
    {
        var a = await fixture.Server.CreateOrganisationAsync("Rec Org A");
        var b = await fixture.Server.CreateOrganisationAsync("Rec Org B");
        var clientA = R.Client(fixture, a.AdminKey.Secret);
        var clientB = R.Client(fixture, b.AdminKey.Secret);
        var record = (await clientA.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate("a-1", "a@example.com") })).Record;
        var view = (await clientA.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Name = "All", Module = RecordModule.Candidates, Criteria = R.And() },
        })).View;
        var list = (await clientA.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Name = "L", Module = RecordModule.Candidates } })).List;
        await clientA.AddListMembersAsync(new AddListMembersRequest { ListId = list.Id, RecordIds = { record.Id } });

        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.GetRecordAsync(new GetRecordRequest { Id = record.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.DeleteRecordAsync(new DeleteRecordRequest { Id = record.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.SetEmailOptOutAsync(new SetEmailOptOutRequest { Id = record.Id, EmailOptOut = true }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.ListRecordSubscriptionsAsync(new ListRecordSubscriptionsRequest { RecordId = record.Id }));
        Assert.Empty((await clientB.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates })).Records);
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.GetCustomViewAsync(new GetCustomViewRequest { Id = view.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.DeleteCustomViewAsync(new DeleteCustomViewRequest { Id = view.Id }));
        Assert.Empty((await clientB.ListCustomViewsAsync(new ListCustomViewsRequest())).Views);
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.GetMailingListAsync(new GetMailingListRequest { Id = list.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.RenameMailingListAsync(new RenameMailingListRequest { Id = list.Id, Name = "mine" }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.DeleteMailingListAsync(new DeleteMailingListRequest { Id = list.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.RemoveListMembersAsync(new RemoveListMembersRequest { ListId = list.Id, RecordIds = { record.Id } }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.SetListSubscriptionAsync(new SetListSubscriptionRequest
        {
            ListId = list.Id,
            RecordId = record.Id,
            State = SubscriptionState.Unsubscribed,
        }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.PreviewAudienceAsync(new PreviewAudienceRequest { Module = RecordModule.Candidates, Audience = new Audience { ListId = list.Id } }));
        await RpcAssert.Fails(StatusCode.NotFound, () => clientB.PreviewAudienceAsync(new PreviewAudienceRequest { Module = RecordModule.Candidates, Audience = new Audience { ViewId = view.Id } }));
        // A's record id is refused exactly like an id that names nothing.
        var foreignIds = await RpcAssert.Fails(StatusCode.InvalidArgument, () => clientB.PreviewAudienceAsync(new PreviewAudienceRequest
        {
            Module = RecordModule.Candidates,
            Audience = new Audience { RecordIds = new RecordIds { Ids = { record.Id } } },
        }));
        Assert.Equal(["audience.record_ids.ids[0]"], foreignIds.ViolatedFields());

        // B's own list cannot take A's record either.
        var listB = (await clientB.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Name = "L", Module = RecordModule.Candidates } })).List;
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => clientB.AddListMembersAsync(new AddListMembersRequest { ListId = listB.Id, RecordIds = { record.Id } }));

        var still = await clientA.GetRecordAsync(new GetRecordRequest { Id = record.Id });
        Assert.False(still.Record.EmailOptOut);
        Assert.Single((await clientA.ListRecordSubscriptionsAsync(new ListRecordSubscriptionsRequest { RecordId = record.Id })).Subscriptions);
        Assert.Equal("L", (await clientA.GetMailingListAsync(new GetMailingListRequest { Id = list.Id })).List.Name);
    }

    [SkippableFact]
    public async Task RecipientsCalls_WithoutPermission_ArePermissionDenied()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Rec Perm Org");
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var readOnly = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { UserId = org.Admin.Id, Name = "reader", Permissions = { Permission.RecipientsRead } });
        var none = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { UserId = org.Admin.Id, Name = "templates", Permissions = { Permission.TemplatesRead } });
        var reader = R.Client(fixture, readOnly.Secret);
        var outsider = R.Client(fixture, none.Secret);

        await reader.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates });
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => reader.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate("p", "p@example.com") }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => reader.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Name = "x", Module = RecordModule.Candidates } }));
        using (var import = reader.ImportRecords())
        {
            await RpcAssert.Fails(StatusCode.PermissionDenied, async () =>
            {
                await import.RequestStream.WriteAsync(new ImportRecordsRequest { Module = RecordModule.Candidates, Records = { R.Candidate("q", "q@example.com") } });
                await import.RequestStream.CompleteAsync();
                await import;
            });
        }

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => outsider.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => outsider.PreviewAudienceAsync(new PreviewAudienceRequest
        {
            Module = RecordModule.Candidates,
            Audience = new Audience { Criteria = R.And() },
        }));
        Assert.Empty((await reader.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates })).Records);

        // The suppression list: reads need RECIPIENTS_READ, adds and removes RECIPIENTS_WRITE.
        await reader.CheckSuppressionAsync(new CheckSuppressionRequest { Email = "s@example.com" });
        await reader.ListSuppressionsAsync(new ListSuppressionsRequest());
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => reader.AddSuppressionAsync(new AddSuppressionRequest { Email = "s@example.com" }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => reader.RemoveSuppressionAsync(new RemoveSuppressionRequest { Email = "s@example.com" }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => outsider.CheckSuppressionAsync(new CheckSuppressionRequest { Email = "s@example.com" }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => outsider.ListSuppressionsAsync(new ListSuppressionsRequest()));
        Assert.Empty((await reader.ListSuppressionsAsync(new ListSuppressionsRequest())).Suppressions);
    }
}

[Trait("Store", "Sqlite")]
public sealed class RecipientsIsolationSqliteTests(SqliteServerFixture f) : RecipientsIsolationTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class RecipientsIsolationMongoTests(MongoServerFixture f) : RecipientsIsolationTests(f), IClassFixture<MongoServerFixture>;
