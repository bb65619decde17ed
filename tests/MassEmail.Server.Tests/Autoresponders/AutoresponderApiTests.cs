using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Autoresponders;

/// <summary>Autoresponders' CRUD, activation, permissions and bad input: precise statuses naming the field, nothing stored.</summary>
public abstract class AutoresponderApiTests(ServerFixture fixture)
{
    public static TheoryData<string, string> InvalidCases => new()
    {
        { "no name", "autoresponder.name" },
        { "no steps", "autoresponder.steps" },
        { "21 steps", "autoresponder.steps" },
        { "delay over a year", "autoresponder.steps[1].delay_days" },
        { "negative delay", "autoresponder.steps[0].delay_hours" },
        { "no trigger", "autoresponder.trigger" },
        { "malformed list id", "autoresponder.trigger.list_id" },
        { "malformed template id", "autoresponder.steps[0].template_id" },
        { "window without days", "autoresponder.window.days" },
        { "window ends before it starts", "autoresponder.window.end_minute" },
        { "window without zone", "autoresponder.window.time_zone" },
        { "window in an unknown zone", "autoresponder.window.time_zone" },
        { "no module", "autoresponder.module" },
        { "template From without an address", "autoresponder.steps[0].from" },
    };

    [SkippableTheory]
    [MemberData(nameof(InvalidCases))]
    public async Task Create_BadInput_InvalidArgumentNamingTheField_StoresNothing(string name, string field)
    {
        var setup = await AutoresponderSetup.CreateAsync(fixture.Server);
        var draft = setup.Draft();
        draft.Window = new SendingWindow { Days = { Weekday.Monday }, StartMinute = 9 * 60, EndMinute = 17 * 60, TimeZone = "Europe/Warsaw" };
        Break(draft, name);

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => setup.Autoresponders.CreateAutoresponderAsync(new CreateAutoresponderRequest { Autoresponder = draft }));

        Assert.Contains(field, e.ViolatedFields());
        Assert.Empty((await setup.Autoresponders.ListAutorespondersAsync(new ListAutorespondersRequest())).Autoresponders);
    }

    [SkippableFact]
    public async Task Create_UnknownListViewOrTemplate_NotFound_ListOfAnotherModule_InvalidArgument()
    {
        var setup = await AutoresponderSetup.CreateAsync(fixture.Server);
        var contactsList = await setup.Recipients.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Module = RecordModule.Contacts, Name = "Contacts" } });
        async Task<RpcException> CreateFails(StatusCode code, Action<Autoresponder> change)
        {
            var draft = setup.Draft();
            change(draft);
            return await RpcAssert.Fails(code, () => setup.Autoresponders.CreateAutoresponderAsync(new CreateAutoresponderRequest { Autoresponder = draft }));
        }

        await CreateFails(StatusCode.NotFound, d => d.Trigger.ListId = MassEmail.Core.Ids.New());
        await CreateFails(StatusCode.NotFound, d => d.Trigger.ViewId = MassEmail.Core.Ids.New());
        await CreateFails(StatusCode.NotFound, d => d.Steps[1].TemplateId = MassEmail.Core.Ids.New());
        var e = await CreateFails(StatusCode.InvalidArgument, d => d.Trigger.ListId = contactsList.List.Id);
        Assert.Contains("autoresponder.trigger.list_id", e.ViolatedFields());

        Assert.Empty((await setup.Autoresponders.ListAutorespondersAsync(new ListAutorespondersRequest())).Autoresponders);
    }

    [SkippableFact]
    public async Task Crud_UpdateAtVersion_ActivateDeactivate_Delete()
    {
        var setup = await AutoresponderSetup.CreateAsync(fixture.Server);
        var created = (await setup.Autoresponders.CreateAutoresponderAsync(new CreateAutoresponderRequest { Autoresponder = setup.Draft() })).Autoresponder;
        Assert.Equal((1L, false, 2), (created.Version, created.Active, created.Steps.Count));
        Assert.Equal((1, 0), (created.Steps[0].DelayDays, created.Steps[0].DelayHours));
        Assert.Equal(created, (await setup.Autoresponders.GetAutoresponderAsync(new GetAutoresponderRequest { Id = created.Id })).Autoresponder);

        var edit = created.Clone();
        edit.Name = "Renamed";
        edit.Steps[1].DelayHours = 30;
        var updated = (await setup.Autoresponders.UpdateAutoresponderAsync(new UpdateAutoresponderRequest { Autoresponder = edit })).Autoresponder;
        Assert.Equal(("Renamed", 2L, 3, 6), (updated.Name, updated.Version, updated.Steps[1].DelayDays, updated.Steps[1].DelayHours));
        await RpcAssert.Fails(StatusCode.Aborted, () => setup.Autoresponders.UpdateAutoresponderAsync(new UpdateAutoresponderRequest { Autoresponder = edit }));
        var otherModule = updated.Clone();
        otherModule.Module = RecordModule.Contacts;
        await RpcAssert.Fails(StatusCode.InvalidArgument, () => setup.Autoresponders.UpdateAutoresponderAsync(new UpdateAutoresponderRequest { Autoresponder = otherModule }));

        var active = (await setup.Autoresponders.ActivateAutoresponderAsync(new ActivateAutoresponderRequest { Id = created.Id })).Autoresponder;
        Assert.Equal((true, 3L), (active.Active, active.Version));
        Assert.NotNull(active.ActivateTime);
        Assert.Equal(active, (await setup.Autoresponders.ActivateAutoresponderAsync(new ActivateAutoresponderRequest { Id = created.Id, EnrollExisting = true })).Autoresponder);
        var inactive = (await setup.Autoresponders.DeactivateAutoresponderAsync(new DeactivateAutoresponderRequest { Id = created.Id })).Autoresponder;
        Assert.Equal((false, 4L), (inactive.Active, inactive.Version));

        await setup.Autoresponders.DeleteAutoresponderAsync(new DeleteAutoresponderRequest { Id = created.Id });
        await RpcAssert.Fails(StatusCode.NotFound, () => setup.Autoresponders.GetAutoresponderAsync(new GetAutoresponderRequest { Id = created.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => setup.Autoresponders.ListEnrollmentsAsync(new ListEnrollmentsRequest { AutoresponderId = created.Id }));
    }

    [SkippableFact]
    public async Task Permissions_MassEmailOfTheModuleToRead_SchedulesWriteToChange_OtherOrganisationsNotFound()
    {
        var setup = await AutoresponderSetup.CreateAsync(fixture.Server);
        var created = (await setup.Autoresponders.CreateAutoresponderAsync(new CreateAutoresponderRequest { Autoresponder = setup.Draft() })).Autoresponder;
        var admin = new AdminService.AdminServiceClient(setup.Invoker);
        async Task<AutorespondersService.AutorespondersServiceClient> ClientAsync(params Permission[] permissions) =>
            new(fixture.Server.Invoker((await admin.CreateApiKeyAsync(new CreateApiKeyRequest { UserId = setup.AdminUserId, Name = "k", Permissions = { permissions } })).Secret));

        var reader = await ClientAsync(Permission.MassEmailCandidates);
        Assert.Equal(created, (await reader.GetAutoresponderAsync(new GetAutoresponderRequest { Id = created.Id })).Autoresponder);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => reader.CreateAutoresponderAsync(new CreateAutoresponderRequest { Autoresponder = setup.Draft() }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => reader.ActivateAutoresponderAsync(new ActivateAutoresponderRequest { Id = created.Id }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => reader.DeleteAutoresponderAsync(new DeleteAutoresponderRequest { Id = created.Id }));

        var contactsOnly = await ClientAsync(Permission.MassEmailContacts, Permission.SchedulesWrite);
        await RpcAssert.Fails(StatusCode.NotFound, () => contactsOnly.GetAutoresponderAsync(new GetAutoresponderRequest { Id = created.Id }));
        Assert.Empty((await contactsOnly.ListAutorespondersAsync(new ListAutorespondersRequest())).Autoresponders);
        var writer = await ClientAsync(Permission.MassEmailCandidates, Permission.SchedulesWrite);
        Assert.True((await writer.ActivateAutoresponderAsync(new ActivateAutoresponderRequest { Id = created.Id })).Autoresponder.Active);

        var other = await AutoresponderSetup.CreateAsync(fixture.Server);
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Autoresponders.GetAutoresponderAsync(new GetAutoresponderRequest { Id = created.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Autoresponders.DeactivateAutoresponderAsync(new DeactivateAutoresponderRequest { Id = created.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.Autoresponders.ListEnrollmentsAsync(new ListEnrollmentsRequest { AutoresponderId = created.Id }));
    }

    private static void Break(Autoresponder draft, string name)
    {
        var step = draft.Steps[0].Clone();
        switch (name)
        {
            case "no name":
                draft.Name = " ";
                break;
            case "no steps":
                draft.Steps.Clear();
                break;
            case "21 steps":
                draft.Steps.AddRange(Enumerable.Range(0, 19).Select(_ => step.Clone()));
                break;
            case "delay over a year":
                draft.Steps[1].DelayDays = 365;
                draft.Steps[1].DelayHours = 1;
                break;
            case "negative delay":
                draft.Steps[0].DelayHours = -1;
                break;
            case "no trigger":
                draft.Trigger = null;
                break;
            case "malformed list id":
                draft.Trigger.ListId = "not an id";
                break;
            case "malformed template id":
                draft.Steps[0].TemplateId = "x";
                break;
            case "window without days":
                draft.Window.Days.Clear();
                break;
            case "window ends before it starts":
                draft.Window.EndMinute = 8 * 60;
                break;
            case "window without zone":
                draft.Window.TimeZone = "";
                break;
            case "window in an unknown zone":
                draft.Window.TimeZone = "Mars/Olympus_Mons";
                break;
            case "no module":
                draft.Module = RecordModule.Unspecified;
                break;
            case "template From without an address":
                draft.Steps[0].From = AddressChoice.Template;
                break;
        }
    }
}

[Trait("Store", "Sqlite")]
public sealed class AutoresponderApiSqliteTests(SqliteServerFixture f) : AutoresponderApiTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class AutoresponderApiMongoTests(MongoServerFixture f) : AutoresponderApiTests(f), IClassFixture<MongoServerFixture>;
