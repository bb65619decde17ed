using Grpc.Core;
using MassEmail.Contracts.V1;

namespace MassEmail.Server.Tests.Recipients;

/// <summary>Malformed recipients requests and the status and field path each must be refused with.</summary>
public static class RecipientsBadInputCases
{
    public sealed record Seed(MassEmail.Contracts.V1.Record Record, MailingList DynamicList, CustomView View);

    public sealed record Case(StatusCode Code, string Field, Func<RecipientsService.RecipientsServiceClient, Seed, Task> Call, bool NeedsUniqueIndex = false);

    private static readonly Criteria Deep = R.And(R.And(R.And(R.And(R.And(R.Where("first_name", ConditionOperator.IsEmpty))))));

    public static readonly IReadOnlyDictionary<string, Case> All = new Dictionary<string, Case>
    {
        ["upsert without module"] = new(StatusCode.InvalidArgument, "module", (c, _) => Upsert(c, RecordModule.Unspecified, R.Candidate("n", "n@example.com"))),
        ["upsert without record"] = new(StatusCode.InvalidArgument, "record", (c, _) => c.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates }).ResponseAsync),
        ["empty external id"] = new(StatusCode.InvalidArgument, "record.external_id", (c, _) => Upsert(c, RecordModule.Candidates, R.Candidate("", "n@example.com"))),
        ["external id of 201 characters"] = new(StatusCode.InvalidArgument, "record.external_id", (c, _) => Upsert(c, RecordModule.Candidates, R.Candidate(new string('x', 201), "n@example.com"))),
        ["custom field name not snake case"] = new(StatusCode.InvalidArgument, "record.custom.First Name", (c, _) => Upsert(c, RecordModule.Candidates, R.Candidate("n", "n@example.com", custom: ("First Name", R.Text("x"))))),
        ["custom field named like a standard field"] = new(StatusCode.InvalidArgument, "record.custom.email", (c, _) => Upsert(c, RecordModule.Candidates, R.Candidate("n", "n@example.com", custom: ("email", R.Text("x"))))),
        ["custom value without kind"] = new(StatusCode.InvalidArgument, "record.custom.empty", (c, _) => Upsert(c, RecordModule.Candidates, R.Candidate("n", "n@example.com", custom: ("empty", new FieldValue())))),
        ["custom value of another type than defined"] = new(StatusCode.InvalidArgument, "record.custom.city", (c, _) => Upsert(c, RecordModule.Candidates, R.Candidate("n", "n@example.com", custom: ("city", R.Number(3))))),
        ["owner id malformed"] = new(StatusCode.InvalidArgument, "record.owner_id", (c, _) => Upsert(c, RecordModule.Candidates, new RecordInput { ExternalId = "n", OwnerId = "bob" })),
        ["client id on a client"] = new(StatusCode.InvalidArgument, "record.client_id", (c, _) => Upsert(c, RecordModule.Clients, new RecordInput { ExternalId = "n", ClientId = "x" })),
        ["criteria with unknown field"] = new(StatusCode.InvalidArgument, "criteria.condition.field", (c, _) => Search(c, R.Where("shoe_size", ConditionOperator.Equals, R.Number(42)))),
        ["criteria value of wrong type"] = new(StatusCode.InvalidArgument, "criteria.group.children[1].condition.values[0]",
            (c, _) => Search(c, R.And(R.Where("first_name", ConditionOperator.IsEmpty), R.Where("city", ConditionOperator.Equals, R.Number(1))))),
        ["criteria operator not for type"] = new(StatusCode.InvalidArgument, "criteria.condition.operator", (c, _) => Search(c, R.Where("city", ConditionOperator.GreaterThan, R.Text("a")))),
        ["criteria operator unspecified"] = new(StatusCode.InvalidArgument, "criteria.condition.operator", (c, _) => Search(c, R.Where("city", ConditionOperator.Unspecified, R.Text("a")))),
        ["criteria too deep"] = new(StatusCode.InvalidArgument, "criteria.group.children[0].group.children[0].group.children[0].group.children[0].group.children[0]", (c, _) => Search(c, Deep)),
        ["between with one value"] = new(StatusCode.InvalidArgument, "criteria.condition.values", (c, _) => Search(c, R.Where("created_time", ConditionOperator.Between, R.Date(DateTimeOffset.UnixEpoch)))),
        ["in list without values"] = new(StatusCode.InvalidArgument, "criteria.condition.values", (c, _) => Search(c, R.Where("city", ConditionOperator.InList))),
        ["within last zero days"] = new(StatusCode.InvalidArgument, "criteria.condition.days", (c, _) => Search(c, R.Where("created_time", ConditionOperator.WithinLastDays))),
        ["empty criteria node"] = new(StatusCode.InvalidArgument, "criteria.group.children[0]", (c, _) => Search(c, R.And(new Criteria()))),
        ["client field on clients"] = new(StatusCode.InvalidArgument, "criteria.condition.field", (c, _) => c.SearchRecordsAsync(new SearchRecordsRequest
        {
            Module = RecordModule.Clients,
            Criteria = R.Where("client.name", ConditionOperator.IsEmpty),
        }).ResponseAsync),
        ["search page size 501"] = new(StatusCode.InvalidArgument, "page_size", (c, _) => c.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 501 }).ResponseAsync),
        ["search bad page token"] = new(StatusCode.InvalidArgument, "page_token", (c, _) => c.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageToken = "nope" }).ResponseAsync),
        ["view with empty name"] = new(StatusCode.InvalidArgument, "view.name", (c, _) => c.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Name = "", Module = RecordModule.Candidates, Criteria = R.And() },
        }).ResponseAsync),
        ["view with bad criteria"] = new(StatusCode.InvalidArgument, "view.criteria.condition.field", (c, _) => c.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Name = "v", Module = RecordModule.Candidates, Criteria = R.Where("nope", ConditionOperator.IsEmpty) },
        }).ResponseAsync),
        ["view name taken"] = new(StatusCode.AlreadyExists, "view.name", (c, s) => c.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Name = s.View.Name.ToUpperInvariant(), Module = RecordModule.Candidates, Criteria = R.And() },
        }).ResponseAsync, NeedsUniqueIndex: true),
        ["stale view version"] = new(StatusCode.Aborted, "", (c, s) => c.UpdateCustomViewAsync(new UpdateCustomViewRequest
        {
            View = new CustomView { Id = s.View.Id, Version = 7, Name = "x", Criteria = R.And() },
        }).ResponseAsync),
        ["list for clients"] = new(StatusCode.InvalidArgument, "list.module", (c, _) => c.CreateMailingListAsync(new CreateMailingListRequest
        {
            List = new MailingList { Name = "c", Module = RecordModule.Clients },
        }).ResponseAsync),
        ["add members to dynamic list"] = new(StatusCode.FailedPrecondition, "list_id", (c, s) => c.AddListMembersAsync(new AddListMembersRequest
        {
            ListId = s.DynamicList.Id,
            RecordIds = { s.Record.Id },
        }).ResponseAsync),
        ["add malformed record id"] = new(StatusCode.InvalidArgument, "record_ids[1]", (c, s) => c.AddListMembersAsync(new AddListMembersRequest
        {
            ListId = s.DynamicList.Id,
            RecordIds = { s.Record.Id, "r2" },
        }).ResponseAsync),
        ["add no record ids"] = new(StatusCode.InvalidArgument, "record_ids", (c, s) => c.AddListMembersAsync(new AddListMembersRequest
        {
            ListId = s.DynamicList.Id,
        }).ResponseAsync),
        ["remove 10,001 record ids"] = new(StatusCode.InvalidArgument, "record_ids", (c, s) => c.RemoveListMembersAsync(new RemoveListMembersRequest
        {
            ListId = s.DynamicList.Id,
            RecordIds = { Enumerable.Repeat(s.Record.Id, 10_001) },
        }).ResponseAsync),
        ["subscription state unspecified"] = new(StatusCode.InvalidArgument, "state", (c, s) => c.SetListSubscriptionAsync(new SetListSubscriptionRequest
        {
            ListId = s.DynamicList.Id,
            RecordId = s.Record.Id,
        }).ResponseAsync),
        ["suppress without email"] = new(StatusCode.InvalidArgument, "email", (c, _) => c.AddSuppressionAsync(new AddSuppressionRequest()).ResponseAsync),
        ["suppress a non-address"] = new(StatusCode.InvalidArgument, "email", (c, _) => c.AddSuppressionAsync(new AddSuppressionRequest { Email = "not-an-address" }).ResponseAsync),
        ["suppress with an invisible character"] = new(StatusCode.InvalidArgument, "email", (c, _) => c.AddSuppressionAsync(new AddSuppressionRequest { Email = "a\u200Bb@example.com" }).ResponseAsync),
        ["suppress with unknown reason"] = new(StatusCode.InvalidArgument, "reason", (c, _) => c.AddSuppressionAsync(new AddSuppressionRequest { Email = "a@example.com", Reason = (SuppressionReason)99 }).ResponseAsync),
        ["check a non-address"] = new(StatusCode.InvalidArgument, "email", (c, _) => c.CheckSuppressionAsync(new CheckSuppressionRequest { Email = "@example.com" }).ResponseAsync),
        ["remove without email"] = new(StatusCode.InvalidArgument, "email", (c, _) => c.RemoveSuppressionAsync(new RemoveSuppressionRequest()).ResponseAsync),
        ["suppressions page size 501"] = new(StatusCode.InvalidArgument, "page_size", (c, _) => c.ListSuppressionsAsync(new ListSuppressionsRequest { PageSize = 501 }).ResponseAsync),
        ["suppressions bad page token"] = new(StatusCode.InvalidArgument, "page_token", (c, _) => c.ListSuppressionsAsync(new ListSuppressionsRequest { PageToken = "nope" }).ResponseAsync),
        ["preview without audience"] = new(StatusCode.InvalidArgument, "audience", (c, _) => c.PreviewAudienceAsync(new PreviewAudienceRequest { Module = RecordModule.Candidates }).ResponseAsync),
        ["preview of clients"] = new(StatusCode.InvalidArgument, "module", (c, _) => c.PreviewAudienceAsync(new PreviewAudienceRequest
        {
            Module = RecordModule.Clients,
            Audience = new Audience { Criteria = R.And() },
        }).ResponseAsync),
        ["preview sample of 501"] = new(StatusCode.InvalidArgument, "sample_size", (c, _) => c.PreviewAudienceAsync(new PreviewAudienceRequest
        {
            Module = RecordModule.Candidates,
            Audience = new Audience { Criteria = R.And() },
            SampleSize = 501,
        }).ResponseAsync),
        ["preview with bad criteria"] = new(StatusCode.InvalidArgument, "audience.criteria.condition.field", (c, _) => c.PreviewAudienceAsync(new PreviewAudienceRequest
        {
            Module = RecordModule.Candidates,
            Audience = new Audience { Criteria = R.Where("nope", ConditionOperator.IsEmpty) },
        }).ResponseAsync),
        ["preview of contacts with candidates view"] = new(StatusCode.InvalidArgument, "audience.view_id", (c, s) => c.PreviewAudienceAsync(new PreviewAudienceRequest
        {
            Module = RecordModule.Contacts,
            Audience = new Audience { ViewId = s.View.Id },
        }).ResponseAsync),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    private static Task Upsert(RecipientsService.RecipientsServiceClient c, RecordModule module, RecordInput record) =>
        c.UpsertRecordAsync(new UpsertRecordRequest { Module = module, Record = record }).ResponseAsync;

    private static Task Search(RecipientsService.RecipientsServiceClient c, Criteria criteria) =>
        c.SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, Criteria = criteria }).ResponseAsync;
}
