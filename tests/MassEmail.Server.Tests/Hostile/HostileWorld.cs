using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassEmail.Contracts.V1;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>
/// One organisation with one of every resource the contract names, made through the API, so that each
/// RPC's seed request is a valid one and its hostile variants reach past the id checks. Resources that a
/// destructive RPC removes are made fresh for each seed (<see cref="NewVictimAsync"/>).
/// </summary>
internal sealed class HostileWorld
{
    private int victims;
    private int schedules;

    private readonly Func<CallInvoker> invoker;

    /// <param name="invoker">The server's current invoker: a restarted server listens on another port.</param>
    private HostileWorld(Func<CallInvoker> invoker, string adminUserId)
    {
        this.invoker = invoker;
        AdminUserId = adminUserId;
    }

    public string AdminUserId { get; }

    public AdminService.AdminServiceClient Admin => new(invoker());

    public TemplatesService.TemplatesServiceClient Templates => new(invoker());

    public RecipientsService.RecipientsServiceClient Recipients => new(invoker());

    public MassSendService.MassSendServiceClient Sends => new(invoker());

    public SchedulesService.SchedulesServiceClient Schedules => new(invoker());

    public MacrosService.MacrosServiceClient Macros => new(invoker());

    public PluginsService.PluginsServiceClient Plugins => new(invoker());
    public AutorespondersService.AutorespondersServiceClient Autoresponders => new(invoker());

    public string UserId { get; private set; } = "";

    public string FolderId { get; private set; } = "";

    public string TemplateId { get; private set; } = "";

    public string RecordId { get; private set; } = "";

    public string OtherRecordId { get; private set; } = "";

    public string ViewId { get; private set; } = "";

    public string ListId { get; private set; } = "";

    public string SendId { get; private set; } = "";

    public string ScheduleId { get; private set; } = "";

    public string MacroId { get; private set; } = "";

    public string ConnectionId { get; private set; } = "";

    /// <summary>A well-formed id that names nothing in the world.</summary>
    public const string AbsentId = "0123456789abcdef01234567";
    /// <summary>An inactive autoresponder of the world's list: it never enrols or sends while the suite runs.</summary>
    public string AutoresponderId { get; private set; } = "";

    public static async Task<HostileWorld> CreateAsync(Func<CallInvoker> invoker, string adminUserId)
    {
        var world = new HostileWorld(invoker, adminUserId);
        await world.PopulateAsync();
        return world;
    }

    /// <summary><paramref name="name"/> with a number no earlier call got, for requests that create a uniquely named resource.</summary>
    public string Unique(string name) => $"{name} {Interlocked.Increment(ref victims)}";

    /// <summary>A fresh resource of <paramref name="kind"/> for a destructive RPC, and its id.</summary>
    public async Task<string> NewVictimAsync(string kind)
    {
        var n = Interlocked.Increment(ref victims);
        return kind switch
        {
            "template" => (await Templates.CreateTemplateAsync(new CreateTemplateRequest { Template = Template($"Victim {n}") })).Template.Id,
            "folder" => (await Templates.CreateTemplateFolderAsync(new CreateTemplateFolderRequest { Name = $"Victim folder {n}" })).Folder.Id,
            "record" => (await Recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = Candidate($"victim-{n}") })).Record.Id,
            "view" => (await Recipients.CreateCustomViewAsync(new CreateCustomViewRequest { View = View($"Victim view {n}") })).View.Id,
            "list" => (await Recipients.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Module = RecordModule.Candidates, Name = $"Victim list {n}" } })).List.Id,
            "schedule" => (await Schedules.CreateScheduleAsync(new CreateScheduleRequest { Schedule = Schedule($"Victim schedule {n}") })).Schedule.Id,
            "macro" => (await Macros.CreateMacroAsync(new CreateMacroRequest { Macro = Macro($"Victim macro {n}") })).Macro.Id,
            "connection" => (await Plugins.CreateConnectionAsync(ZohoConnection($"Victim connection {n}"))).Connection.Id,
            "autoresponder" => await NewAutoresponderAsync(n),
            "key" => (await Admin.CreateApiKeyAsync(new CreateApiKeyRequest { UserId = UserId, Name = $"victim {n}", Permissions = { Permission.TemplatesRead } })).ApiKey.Id,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such victim"),
        };
    }

    public RecordInput Candidate(string externalId) => new()
    {
        ExternalId = externalId,
        Name = "Ada Lovelace",
        FirstName = "Ada",
        LastName = "Lovelace",
        Email = $"{externalId}@hostile.example",
        Phone = "+49 30 1234567",
        OwnerId = AdminUserId,
        ClientId = "client-1",
        CustomFields =
        {
            ["city"] = new FieldValue { StringValue = "Berlin" },
            ["start"] = new FieldValue { DateValue = Timestamp.FromDateTime(new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc)) },
            ["skills"] = new FieldValue { ListValue = new StringList { Values = { "c#", "sql" } } },
        },
    };

    public Criteria CityIsBerlin() => new()
    {
        Group = new CriteriaGroup
        {
            Operator = GroupOperator.And,
            Children =
            {
                new Criteria { Condition = new Condition { Field = "city", Operator = ConditionOperator.Equals, Values = { new FieldValue { StringValue = "Berlin" } } } },
                new Criteria { Condition = new Condition { Field = "start", Operator = ConditionOperator.WithinLastDays, Days = 3650 } },
            },
        },
    };

    public Template Template(string name) => new()
    {
        Name = name,
        FolderId = FolderId,
        Subject = "Hello {{ record.first_name | default: \"there\" }}",
        HtmlBody = "<p>Hi {{ record.first_name }}, news from {{ org.name }}.</p>",
        From = new EmailAddress { Address = "jobs@hostile.example", DisplayName = "Jobs" },
        Description = "seed",
    };

    /// <summary>
    /// A weekly schedule of the world's view and template, starting far enough ahead never to fire during the suite, each at
    /// its own time of day: at most three schedules of an organisation may fire in one minute.
    /// </summary>
    /// <summary>A sync definition of the world's connection: every field set, a custom field mapped, criteria as its source.</summary>
    public SyncDefinition SyncDefinition(string name) => new()
    {
        ConnectionId = ConnectionId,
        Name = name,
        Module = RecordModule.Candidates,
        Criteria = CityIsBerlin(),
        RemoteListId = "hostile-list",
        Fields =
        {
            new SyncFieldMapping { LocalField = "email", RemoteField = "Contact Email" },
            new SyncFieldMapping { LocalField = "city", RemoteField = "City" },
        },
        ExcludeEmailOptOuts = false,
        OnRecordDeleted = RecordDeletedAction.Leave,
        Schedule = new SyncSchedule
        {
            TimeZone = "Asia/Kolkata",
            Start = new LocalDateTime { Year = 2099, Month = 1, Day = 5, Hour = 9, Minute = 30 },
            Weekly = new WeeklyRecurrence { Days = { Weekday.Monday, Weekday.Thursday } },
        },
        Continuous = true,
    };

    public Schedule Schedule(string name)
    {
        var n = Interlocked.Increment(ref schedules);
        return new()
        {
            Name = name,
            Module = RecordModule.Candidates,
            ViewId = ViewId,
            TemplateId = TemplateId,
            From = AddressChoice.Organisation,
            ReplyTo = AddressChoice.RecordOwner,
            Active = true,
            Start = new LocalDateTime { Year = 2099, Month = 1, Day = 5, Hour = 8 + (n / 60 % 12), Minute = n % 60 },
            TimeZone = "Europe/Warsaw",
            Recurrence = new Recurrence { Weekly = new WeeklyRecurrence { Days = { Weekday.Monday, Weekday.Thursday } }, Count = 10 },
            WaitForQuotaDay = true,
        };
    }

    /// <summary>A macro sending the world's template to candidates.</summary>
    public Macro Macro(string name) => new()
    {
        Name = name,
        Module = RecordModule.Candidates,
        TemplateId = TemplateId,
        From = AddressChoice.Organisation,
        ReplyTo = AddressChoice.RecordOwner,
    };

    /// <summary>A Zoho Campaigns connection in the Canadian data centre (named by its accounts host); the server reaches no vendor.</summary>
    public CreateConnectionRequest ZohoConnection(string name) => new()
    {
        Connection = new PluginConnection { Vendor = PluginVendor.ZohoCampaigns, Name = name, DataCentre = "accounts.zohocloud.ca" },
        ZohoCampaigns = new ZohoCampaignsCredentials { ClientId = "1000.HOSTILECLIENT", ClientSecret = "hostile-client-secret", RefreshToken = "1000.hostile-refresh-token" },
    };

    /// <summary>An autoresponder of two steps a year apart, enrolling the members of <paramref name="listId"/>.</summary>
    public Autoresponder Autoresponder(string name, string listId) => new()
    {
        Name = name,
        Module = RecordModule.Candidates,
        Trigger = new AutoresponderTrigger { ListId = listId },
        Steps =
        {
            new AutoresponderStep { TemplateId = TemplateId, DelayDays = 365, From = AddressChoice.Organisation, ReplyTo = AddressChoice.RecordOwner },
            new AutoresponderStep { TemplateId = TemplateId, DelayHours = 12, From = AddressChoice.Organisation, ReplyTo = AddressChoice.Organisation },
        },
        Window = new SendingWindow { Days = { Weekday.Monday, Weekday.Friday }, StartMinute = 9 * 60, EndMinute = 17 * 60, TimeZone = "Europe/Warsaw" },
    };

    public CustomView View(string name) => new() { Module = RecordModule.Candidates, Name = name, Criteria = CityIsBerlin() };

    public Struct Fields() => new() { Fields = { ["first_name"] = Value.ForString("Ada"), ["city"] = Value.ForString("Berlin") } };

    private async Task PopulateAsync()
    {
        UserId = (await Admin.CreateUserAsync(new CreateUserRequest { User = new User { Email = "second@hostile.example", FirstName = "Second", LastName = "User" } })).User.Id;
        FolderId = (await Templates.CreateTemplateFolderAsync(new CreateTemplateFolderRequest { Name = "Hostile folder" })).Folder.Id;
        TemplateId = (await Templates.CreateTemplateAsync(new CreateTemplateRequest { Template = Template("Hostile template") })).Template.Id;
        await Recipients.UpsertRecordAsync(new UpsertRecordRequest
        {
            Module = RecordModule.Clients,
            Record = new RecordInput { ExternalId = "client-1", Name = "Acme", CustomFields = { ["industry"] = new FieldValue { StringValue = "IT" } } },
        });
        RecordId = (await Recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = Candidate("seed-1") })).Record.Id;
        OtherRecordId = (await Recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = Candidate("seed-2") })).Record.Id;
        ViewId = (await Recipients.CreateCustomViewAsync(new CreateCustomViewRequest { View = View("Hostile view") })).View.Id;
        ListId = (await Recipients.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Module = RecordModule.Candidates, Name = "Hostile list" } })).List.Id;
        await Recipients.AddListMembersAsync(new AddListMembersRequest { ListId = ListId, RecordIds = { RecordId } });
        ScheduleId = (await Schedules.CreateScheduleAsync(new CreateScheduleRequest { Schedule = Schedule("Hostile schedule") })).Schedule.Id;
        MacroId = (await Macros.CreateMacroAsync(new CreateMacroRequest { Macro = Macro("Hostile macro") })).Macro.Id;
        ConnectionId = (await Plugins.CreateConnectionAsync(ZohoConnection("Hostile connection"))).Connection.Id;
        // The first try of a connection creates its row of shared access tokens (the lease, released when Zoho cannot be
        // reached): done here, so that no hostile variant is the first and seems to change the store.
        await Plugins.TestConnectionAsync(new TestConnectionRequest { Id = ConnectionId });
        AutoresponderId = (await Autoresponders.CreateAutoresponderAsync(new CreateAutoresponderRequest { Autoresponder = Autoresponder("Hostile autoresponder", ListId) }))
            .Autoresponder.Id;
        SendId = (await Sends.StartMassSendAsync(new StartMassSendRequest
        {
            Module = RecordModule.Candidates,
            TemplateId = TemplateId,
            From = AddressChoice.Organisation,
            ReplyTo = AddressChoice.RecordOwner,
            Audience = new Audience { RecordIds = new RecordIds { Ids = { RecordId } } },
            IdempotencyKey = "hostile-world",
        })).Send.Id;
    }

    /// <summary>
    /// An autoresponder of a list of its own, which no other request touches: activating it enrols nobody and leaves the
    /// store alone while the suite runs.
    /// </summary>
    private async Task<string> NewAutoresponderAsync(int n)
    {
        var list = await Recipients.CreateMailingListAsync(new CreateMailingListRequest { List = new MailingList { Module = RecordModule.Candidates, Name = $"Autoresponder list {n}" } });
        var created = await Autoresponders.CreateAutoresponderAsync(new CreateAutoresponderRequest { Autoresponder = Autoresponder($"Victim autoresponder {n}", list.List.Id) });
        return created.Autoresponder.Id;
    }
}
