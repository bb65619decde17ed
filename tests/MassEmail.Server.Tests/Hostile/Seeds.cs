using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassEmail.Contracts.V1;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>
/// A seed request for every RPC of the contract. The suite fails while an RPC has none, so a new RPC
/// cannot ship outside the hostile-input suite.
/// </summary>
internal static class Seeds
{
    public static IReadOnlyDictionary<string, SeedCase> All { get; } = new Dictionary<string, SeedCase>(StringComparer.Ordinal)
    {
        // Admin
        ["massemail.v1.AdminService/GetOrganisation"] = Fixed(_ => new GetOrganisationRequest()),
        ["massemail.v1.AdminService/UpdateOrganisation"] = Fixed(_ => new UpdateOrganisationRequest
        {
            Organisation = new Organisation
            {
                Name = "Hostile Org",
                Email = "office@hostile.example",
                PostalAddress = new PostalAddress { Street = "Main St 1", City = "Berlin", Region = "BE", PostalCode = "10115", Country = "DE" },
            },
        }),
        ["massemail.v1.AdminService/CreateUser"] = Fixed(w => new CreateUserRequest { User = new User { Email = $"new{w.Unique("").Trim()}@hostile.example", FirstName = "New", LastName = "User" } }),
        ["massemail.v1.AdminService/ListUsers"] = Fixed(_ => new ListUsersRequest()),
        ["massemail.v1.AdminService/SetUserActive"] = Fixed(w => new SetUserActiveRequest { UserId = w.UserId, Active = true }),
        ["massemail.v1.AdminService/CreateApiKey"] = Fixed(w => new CreateApiKeyRequest { UserId = w.UserId, Name = w.Unique("reader"), Permissions = { Permission.TemplatesRead } }),
        ["massemail.v1.AdminService/ListApiKeys"] = Fixed(_ => new ListApiKeysRequest()),
        ["massemail.v1.AdminService/RevokeApiKey"] = Victim("key", id => new RevokeApiKeyRequest { Id = id }),

        // Templates
        ["massemail.v1.TemplatesService/CreateTemplate"] = Fixed(w => new CreateTemplateRequest { Template = w.Template(w.Unique("New template")) }),
        ["massemail.v1.TemplatesService/GetTemplate"] = Fixed(w => new GetTemplateRequest { Id = w.TemplateId }),
        ["massemail.v1.TemplatesService/ListTemplates"] = Fixed(w => new ListTemplatesRequest { PageSize = 10, FolderId = w.FolderId, NameContains = "Hostile" }),
        ["massemail.v1.TemplatesService/UpdateTemplate"] = new(async w => new UpdateTemplateRequest
        {
            Template = new Template
            {
                Id = w.TemplateId,
                Subject = "Updated {{ record.first_name }}",
                Version = (await w.Templates.GetTemplateAsync(new GetTemplateRequest { Id = w.TemplateId })).Template.Version,
            },
            UpdateMask = new FieldMask { Paths = { "subject" } },
        }),
        ["massemail.v1.TemplatesService/DeleteTemplate"] = Victim("template", id => new DeleteTemplateRequest { Id = id }),
        ["massemail.v1.TemplatesService/RenderTemplate"] = Fixed(w => new RenderTemplateRequest
        {
            TemplateId = w.TemplateId,
            RecordFields = w.Fields(),
            OwnerFields = new Struct { Fields = { ["first_name"] = Value.ForString("Olga") } },
        }),
        ["massemail.v1.TemplatesService/ValidateTemplate"] = Fixed(_ => new ValidateTemplateRequest
        {
            Content = new TemplateContent { Subject = "Hi {{ record.first_name }}", HtmlBody = "<p>{{ org.name }}</p>", TextBody = "Hi", Engine = TemplateEngine.Liquid },
        }),
        ["massemail.v1.TemplatesService/CreateTemplateFolder"] = Fixed(w => new CreateTemplateFolderRequest { Name = w.Unique("New folder") }),
        ["massemail.v1.TemplatesService/ListTemplateFolders"] = Fixed(_ => new ListTemplateFoldersRequest()),
        ["massemail.v1.TemplatesService/DeleteTemplateFolder"] = Victim("folder", id => new DeleteTemplateFolderRequest { Id = id }),

        // Recipients: records
        ["massemail.v1.RecipientsService/UpsertRecord"] = Fixed(w => new UpsertRecordRequest { Module = RecordModule.Candidates, Record = w.Candidate("upserted") }),
        ["massemail.v1.RecipientsService/GetRecord"] = Fixed(w => new GetRecordRequest { Id = w.RecordId }),
        ["massemail.v1.RecipientsService/DeleteRecord"] = Victim("record", id => new DeleteRecordRequest { Id = id }),
        ["massemail.v1.RecipientsService/SearchRecords"] = Fixed(w => new SearchRecordsRequest { Module = RecordModule.Candidates, Criteria = w.CityIsBerlin(), PageSize = 10 }),
        ["massemail.v1.RecipientsService/ImportRecords"] = Fixed(w => new ImportRecordsRequest { Module = RecordModule.Candidates, Records = { w.Candidate("imported-1"), w.Candidate("imported-2") } }),
        ["massemail.v1.RecipientsService/SetEmailOptOut"] = Fixed(w => new SetEmailOptOutRequest { Id = w.OtherRecordId, EmailOptOut = false }),
        ["massemail.v1.RecipientsService/ListCustomFields"] = Fixed(_ => new ListCustomFieldsRequest { Module = RecordModule.Candidates }),

        // Recipients: views, audiences, lists
        ["massemail.v1.RecipientsService/CreateCustomView"] = Fixed(w => new CreateCustomViewRequest { View = w.View(w.Unique("New view")) }),
        ["massemail.v1.RecipientsService/GetCustomView"] = Fixed(w => new GetCustomViewRequest { Id = w.ViewId }),
        ["massemail.v1.RecipientsService/ListCustomViews"] = Fixed(_ => new ListCustomViewsRequest { Module = RecordModule.Candidates }),
        ["massemail.v1.RecipientsService/UpdateCustomView"] = new(async w =>
        {
            var view = (await w.Recipients.GetCustomViewAsync(new GetCustomViewRequest { Id = w.ViewId })).View;
            view.Name = "Hostile view";
            return new UpdateCustomViewRequest { View = view };
        }),
        ["massemail.v1.RecipientsService/DeleteCustomView"] = Victim("view", id => new DeleteCustomViewRequest { Id = id }),
        ["massemail.v1.RecipientsService/PreviewAudience"] = Fixed(w => new PreviewAudienceRequest
        {
            Module = RecordModule.Candidates,
            Audience = new Audience { Criteria = w.CityIsBerlin() },
            SampleSize = 5,
        }),
        ["massemail.v1.RecipientsService/CreateMailingList"] = Fixed(w => new CreateMailingListRequest { List = new MailingList { Module = RecordModule.Candidates, Name = w.Unique("New list"), Criteria = w.CityIsBerlin() } }),
        ["massemail.v1.RecipientsService/GetMailingList"] = Fixed(w => new GetMailingListRequest { Id = w.ListId }),
        ["massemail.v1.RecipientsService/ListMailingLists"] = Fixed(_ => new ListMailingListsRequest()),
        ["massemail.v1.RecipientsService/RenameMailingList"] = Fixed(w => new RenameMailingListRequest { Id = w.ListId, Name = "Hostile list" }),
        ["massemail.v1.RecipientsService/DeleteMailingList"] = Victim("list", id => new DeleteMailingListRequest { Id = id }),
        ["massemail.v1.RecipientsService/AddListMembers"] = Fixed(w => new AddListMembersRequest { ListId = w.ListId, RecordIds = { w.RecordId } }),
        ["massemail.v1.RecipientsService/RemoveListMembers"] = Fixed(w => new RemoveListMembersRequest { ListId = w.ListId, RecordIds = { w.OtherRecordId } }),
        ["massemail.v1.RecipientsService/SetListSubscription"] = Fixed(w => new SetListSubscriptionRequest { ListId = w.ListId, RecordId = w.RecordId, State = SubscriptionState.Subscribed }),
        ["massemail.v1.RecipientsService/ListRecordSubscriptions"] = Fixed(w => new ListRecordSubscriptionsRequest { RecordId = w.RecordId }),
        ["massemail.v1.RecipientsService/ListConsentChanges"] = Fixed(w => new ListConsentChangesRequest { RecordId = w.RecordId, PageSize = 10 }),

        // Recipients: suppression list
        ["massemail.v1.RecipientsService/ListSuppressions"] = Fixed(_ => new ListSuppressionsRequest { PageSize = 10 }),
        ["massemail.v1.RecipientsService/AddSuppression"] = Fixed(_ => new AddSuppressionRequest { Email = "suppressed@hostile.example", Reason = SuppressionReason.Manual }),
        ["massemail.v1.RecipientsService/RemoveSuppression"] = Fixed(_ => new RemoveSuppressionRequest { Email = "lifted@hostile.example" }),
        ["massemail.v1.RecipientsService/CheckSuppression"] = Fixed(_ => new CheckSuppressionRequest { Email = "suppressed@hostile.example" }),

        // Mass sending: the world's send has finished, so pause, resume and cancel meet its final state.
        ["massemail.v1.MassSendService/StartMassSend"] = Fixed(w => new StartMassSendRequest
        {
            Module = RecordModule.Candidates,
            TemplateId = w.TemplateId,
            From = AddressChoice.Organisation,
            ReplyTo = AddressChoice.RecordOwner,
            Audience = new Audience { RecordIds = new RecordIds { Ids = { w.RecordId } } },
            IdempotencyKey = "hostile-world",
        }),
        ["massemail.v1.MassSendService/GetMassSend"] = Fixed(w => new GetMassSendRequest { Id = w.SendId }),
        ["massemail.v1.MassSendService/ListMassSends"] = Fixed(_ => new ListMassSendsRequest { PageSize = 10 }),
        ["massemail.v1.MassSendService/WatchMassSend"] = Fixed(w => new WatchMassSendRequest { Id = w.SendId }),
        ["massemail.v1.MassSendService/PauseMassSend"] = Fixed(w => new PauseMassSendRequest { Id = w.SendId }, StatusCode.FailedPrecondition),
        ["massemail.v1.MassSendService/ResumeMassSend"] = Fixed(w => new ResumeMassSendRequest { Id = w.SendId }, StatusCode.FailedPrecondition),
        ["massemail.v1.MassSendService/CancelMassSend"] = Fixed(w => new CancelMassSendRequest { Id = w.SendId }, StatusCode.FailedPrecondition),
        ["massemail.v1.MassSendService/ListDeliveries"] = Fixed(w => new ListDeliveriesRequest { SendId = w.SendId, PageSize = 10 }),
        ["massemail.v1.MassSendService/RequeueUnknownDeliveries"] = Fixed(w => new RequeueUnknownDeliveriesRequest { SendId = w.SendId }),
        ["massemail.v1.MassSendService/GetUsage"] = Fixed(_ => new GetUsageRequest()),
        ["massemail.v1.MassSendService/SendTestEmail"] = Fixed(w => new SendTestEmailRequest { TemplateId = w.TemplateId, RecordFields = w.Fields() }),
        ["massemail.v1.MassSendService/SendEmail"] = Fixed(w => new SendEmailRequest
        {
            Module = RecordModule.Candidates,
            RecordId = w.RecordId,
            TemplateId = w.TemplateId,
            From = AddressChoice.Organisation,
            ReplyTo = AddressChoice.RecordOwner,
            IdempotencyKey = "hostile-individual",
        }),

        // Schedules: the world's schedule starts in 2099, so nothing fires while the suite runs.
        ["massemail.v1.SchedulesService/CreateSchedule"] = Fixed(w => new CreateScheduleRequest { Schedule = w.Schedule(w.Unique("New schedule")) }),
        ["massemail.v1.SchedulesService/GetSchedule"] = Fixed(w => new GetScheduleRequest { Id = w.ScheduleId }),
        ["massemail.v1.SchedulesService/ListSchedules"] = Fixed(_ => new ListSchedulesRequest { PageSize = 10 }),
        ["massemail.v1.SchedulesService/UpdateSchedule"] = new(async w =>
        {
            var schedule = (await w.Schedules.GetScheduleAsync(new GetScheduleRequest { Id = w.ScheduleId })).Schedule;
            schedule.Name = "Hostile schedule";
            schedule.Recurrence = new Recurrence { Cron = "0 0 9 ? * MON-FRI", EndDate = new LocalDate { Year = 2099, Month = 12, Day = 31 } };
            return new UpdateScheduleRequest { Schedule = schedule };
        }),
        ["massemail.v1.SchedulesService/DeleteSchedule"] = Victim("schedule", id => new DeleteScheduleRequest { Id = id }),
        ["massemail.v1.SchedulesService/ListOccurrences"] = Fixed(w => new ListOccurrencesRequest { ScheduleId = w.ScheduleId, PageSize = 10 }),

        // Macros: a run mails the world's candidate once (the key is fixed, so repeats return that send).
        ["massemail.v1.MacrosService/CreateMacro"] = Fixed(w => new CreateMacroRequest { Macro = w.Macro(w.Unique("New macro")) }),
        ["massemail.v1.MacrosService/GetMacro"] = Fixed(w => new GetMacroRequest { Id = w.MacroId }),
        ["massemail.v1.MacrosService/ListMacros"] = Fixed(_ => new ListMacrosRequest()),
        ["massemail.v1.MacrosService/UpdateMacro"] = new(async w =>
        {
            var macro = (await w.Macros.GetMacroAsync(new GetMacroRequest { Id = w.MacroId })).Macro;
            macro.ReplyTo = AddressChoice.Organisation;
            return new UpdateMacroRequest { Macro = macro };
        }),
        ["massemail.v1.MacrosService/DeleteMacro"] = Victim("macro", id => new DeleteMacroRequest { Id = id }),
        ["massemail.v1.MacrosService/RunMacro"] = Fixed(w => new RunMacroRequest { MacroId = w.MacroId, RecordIds = { w.RecordId }, IdempotencyKey = "hostile-macro" }),

        // Plugins: the world's connection reaches no vendor (the server's vendor addresses are a closed loopback port), so a
        // test reports not ok and a listing of remote lists is FAILED_PRECONDITION VENDOR_ERROR.
        ["massemail.v1.PluginsService/CreateConnection"] = Fixed(w => w.ZohoConnection(w.Unique("New connection"))),
        ["massemail.v1.PluginsService/GetConnection"] = Fixed(w => new GetConnectionRequest { Id = w.ConnectionId }),
        ["massemail.v1.PluginsService/ListConnections"] = Fixed(_ => new ListConnectionsRequest()),
        ["massemail.v1.PluginsService/DeleteConnection"] = Victim("connection", id => new DeleteConnectionRequest { Id = id }),
        ["massemail.v1.PluginsService/TestConnection"] = Fixed(w => new TestConnectionRequest { Id = w.ConnectionId }),
        ["massemail.v1.PluginsService/ListRemoteLists"] = Fixed(w => new ListRemoteListsRequest { Id = w.ConnectionId }, StatusCode.FailedPrecondition),
        // Sync definitions: a valid one passes every check but the target list's, which asks the (unreachable) vendor, so
        // none can be stored here; the calls on one name a well-formed id the world does not have. Every variant still
        // goes through the shape and field checks, which come before the vendor and the store.
        ["massemail.v1.PluginsService/CreateSyncDefinition"] = Fixed(
            w => new CreateSyncDefinitionRequest { SyncDefinition = w.SyncDefinition(w.Unique("New sync")) }, StatusCode.FailedPrecondition),
        ["massemail.v1.PluginsService/GetSyncDefinition"] = Fixed(_ => new GetSyncDefinitionRequest { Id = HostileWorld.AbsentId }, StatusCode.NotFound),
        ["massemail.v1.PluginsService/ListSyncDefinitions"] = Fixed(w => new ListSyncDefinitionsRequest { ConnectionId = w.ConnectionId }),
        ["massemail.v1.PluginsService/UpdateSyncDefinition"] = Fixed(w =>
        {
            var definition = w.SyncDefinition("Updated sync");
            definition.Id = HostileWorld.AbsentId;
            definition.Version = 1;
            return new UpdateSyncDefinitionRequest { SyncDefinition = definition };
        }, StatusCode.NotFound),
        ["massemail.v1.PluginsService/DeleteSyncDefinition"] = Fixed(_ => new DeleteSyncDefinitionRequest { Id = HostileWorld.AbsentId }, StatusCode.NotFound),
        ["massemail.v1.PluginsService/GetSyncStatus"] = Fixed(_ => new GetSyncStatusRequest { Id = HostileWorld.AbsentId }, StatusCode.NotFound),
        ["massemail.v1.PluginsService/SyncNow"] = Fixed(_ => new SyncNowRequest { Id = HostileWorld.AbsentId, FullResync = true }, StatusCode.NotFound),
        // Autoresponders: the world's stays inactive; activation and deletion use victims with lists of their own.
        ["massemail.v1.AutorespondersService/CreateAutoresponder"] = Fixed(w => new CreateAutoresponderRequest { Autoresponder = w.Autoresponder(w.Unique("New autoresponder"), w.ListId) }),
        ["massemail.v1.AutorespondersService/GetAutoresponder"] = Fixed(w => new GetAutoresponderRequest { Id = w.AutoresponderId }),
        ["massemail.v1.AutorespondersService/ListAutoresponders"] = Fixed(_ => new ListAutorespondersRequest { PageSize = 10 }),
        ["massemail.v1.AutorespondersService/UpdateAutoresponder"] = new(async w =>
        {
            var autoresponder = (await w.Autoresponders.GetAutoresponderAsync(new GetAutoresponderRequest { Id = w.AutoresponderId })).Autoresponder;
            autoresponder.Steps[1].DelayHours = 13;
            return new UpdateAutoresponderRequest { Autoresponder = autoresponder };
        }),
        ["massemail.v1.AutorespondersService/DeleteAutoresponder"] = Victim("autoresponder", id => new DeleteAutoresponderRequest { Id = id }),
        ["massemail.v1.AutorespondersService/ActivateAutoresponder"] = Victim("autoresponder", id => new ActivateAutoresponderRequest { Id = id }),
        ["massemail.v1.AutorespondersService/DeactivateAutoresponder"] = Fixed(w => new DeactivateAutoresponderRequest { Id = w.AutoresponderId }),
        ["massemail.v1.AutorespondersService/ListEnrollments"] = Fixed(w => new ListEnrollmentsRequest { AutoresponderId = w.AutoresponderId, PageSize = 10 }),
    };

    private static SeedCase Fixed(Func<HostileWorld, IMessage> build, StatusCode expected = StatusCode.OK) =>
        new(w => Task.FromResult(build(w)), expected);

    private static SeedCase Victim(string kind, Func<string, IMessage> build) =>
        new(async w => build(await w.NewVictimAsync(kind)));
}
