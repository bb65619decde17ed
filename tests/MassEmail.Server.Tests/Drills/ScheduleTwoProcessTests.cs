using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// Issue 13 acceptance: two server processes on one store, 20 occurrences due in the same minute across organisations
/// (at most three per organisation and slot) start exactly one send each, and the SES emulator receives no duplicate
/// mail. Seven organisations, each with three candidates on its own domain, a view of all of them and a template per
/// schedule (its subject names the schedule, so the emulator's store tells which schedule sent each message); the
/// schedules are created alternately through process A and B, all due at the next minute boundary at least
/// <see cref="Lead"/> ahead (real time: the processes have their own clocks). The wait follows progress (the clock up
/// to the fire time, then the sends), and the assertions are about outcomes only, so a loaded machine that fires late
/// passes as long as it fires once.
/// </summary>
public abstract class ScheduleTwoProcessTests(StoreKind storeKind, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Organisations = 7;
    private const int ScheduleCount = 20;
    private const int CandidatesPerOrganisation = 3;
    private const string Zone = "America/New_York";
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(75);
    private readonly DrillProcesses drill = new(storeKind, "same-minute");
    private readonly SesEmulatorFixture emulator = new();

    public Task InitializeAsync() => emulator.InitializeAsync();

    [SkippableFact]
    public async Task TwentyOccurrencesDueInOneMinuteAcrossOrganisations_TwoServerProcessesOnOneStore_ExactlyOneSendEachNoDuplicateMail()
    {
        DrillStore.SkipIfUnavailable(storeKind);
        Skip.If(emulator.SkipReason is not null, emulator.SkipReason);
        await drill.StartAsync(2, emulator.BaseAddress, new Dictionary<string, string> { ["Sending__PollInterval"] = "00:00:00.050" });
        var orgs = new List<Org>();
        for (var k = 0; k < Organisations; k++)
        {
            var key = k == 0 ? drill.ApiKey : await drill.CreateOrganisationAsync($"Org {k}", $"org{k}@example.com");
            orgs.Add(await ProvisionAsync(k, key));
        }

        var due = NextMinuteAtLeast(DateTimeOffset.UtcNow + Lead);
        var local = TimeZoneInfo.ConvertTime(due, TimeZoneInfo.FindSystemTimeZoneById(Zone)).DateTime;
        var schedules = new List<Planned>();
        for (var n = 0; n < ScheduleCount; n++)
        {
            var org = orgs[n % Organisations];
            var created = await new SchedulesService.SchedulesServiceClient(drill.Servers[n % 2].Invoker(org.Key)).CreateScheduleAsync(
                new CreateScheduleRequest { Schedule = Draft(n, org, local) });
            schedules.Add(new Planned(n, org, created.Schedule));
        }

        output.WriteLine($"{ScheduleCount} schedules over {Organisations} organisations due at {local:yyyy-MM-dd HH:mm} {Zone} ({due:O}); "
            + $"all created by {DateTimeOffset.UtcNow:O}");

        var settled = await Progress.WaitAsync(
            () => ObserveAsync(orgs, schedules),
            o => o.Occurrences is { } fired && fired.Values.All(l => l.Count > 0 && l.All(x => x.State == OccurrenceState.Fired)),
            o => DateTimeOffset.UtcNow < due ? $"{Math.Ceiling((due - DateTimeOffset.UtcNow).TotalSeconds)} s to the fire time" : Describe(o),
            o => $"{Describe(o)}; the servers said:\n{string.Join('\n', drill.Servers.Select(s => s.OutputTail))}");
        output.WriteLine($"settled at {DateTimeOffset.UtcNow:O}: {Describe(settled)}");

        // One occurrence per schedule, fired at the due minute with its send.
        var occurrences = new Dictionary<int, Occurrence>();
        foreach (var (number, listed) in settled.Occurrences!)
        {
            var occurrence = Assert.Single(listed);
            Assert.Equal((OccurrenceState.Fired, due), (occurrence.State, occurrence.FireTime.ToDateTimeOffset()));
            Assert.NotEmpty(occurrence.SendId);
            occurrences[number] = occurrence;
        }

        // One send per schedule, no other: its idempotency key is the occurrence's, its template the schedule's.
        var sends = settled.Sends;
        Assert.Equal(ScheduleCount, sends.Count);
        Assert.Equal(ScheduleCount, sends.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ScheduleCount, sends.Select(s => s.IdempotencyKey).Distinct(StringComparer.Ordinal).Count());
        Assert.All(sends, s => Assert.StartsWith("schedule:", s.IdempotencyKey, StringComparison.Ordinal));
        var byId = sends.ToDictionary(s => s.Id, StringComparer.Ordinal);
        Assert.Equal(sends.Select(s => s.Id).Order(StringComparer.Ordinal), occurrences.Values.Select(o => o.SendId).Order(StringComparer.Ordinal));
        foreach (var planned in schedules)
        {
            // ListMassSends leaves the counts out: GetMassSend has them.
            var send = (await new MassSendService.MassSendServiceClient(drill.Servers[planned.Number % 2].Invoker(planned.Org.Key))
                .GetMassSendAsync(new GetMassSendRequest { Id = occurrences[planned.Number].SendId })).Send;
            Assert.Equal(
                (planned.Schedule.TemplateId, SendState.Completed, CandidatesPerOrganisation, byId[send.Id].IdempotencyKey),
                (send.TemplateId, send.State, (int)send.Counts.Sent, send.IdempotencyKey));
        }

        // At the emulator: every candidate of an organisation got one message from each of its schedules, none twice, none missing.
        var received = (await emulator.ReadStoreAsync()).Emails
            .Select(e => $"{Assert.Single(e.Destination.To)} {e.Subject}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var duplicates = received.GroupBy(m => m, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        Assert.True(duplicates.Count == 0, $"received more than once: {string.Join(", ", duplicates)}");
        var expected = schedules
            .SelectMany(p => Enumerable.Range(0, CandidatesPerOrganisation).Select(j => $"{Address(p.Org.Number, j)} {Subject(p.Number)}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(ScheduleCount * CandidatesPerOrganisation, expected.Count);
        Assert.Equal(expected, received);
    }

    public async Task DisposeAsync()
    {
        await drill.DisposeAsync();
        await emulator.DisposeAsync();
    }

    /// <summary>The first whole minute (UTC, so in every zone of whole-minute offsets) at or after <paramref name="earliest"/>.</summary>
    private static DateTimeOffset NextMinuteAtLeast(DateTimeOffset earliest)
    {
        var ticks = earliest.UtcTicks + TimeSpan.TicksPerMinute - 1;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }

    private static string Address(int org, int candidate) => $"p{candidate}@org{org}.drill.example";

    private static string Subject(int schedule) => $"Schedule S{schedule:D2}";

    // Schedule n belongs to organisation n % 7: six organisations get three, the seventh two.
    private static IEnumerable<int> SchedulesOf(int org) => Enumerable.Range(0, ScheduleCount).Where(n => n % Organisations == org);

    private static Schedule Draft(int n, Org org, DateTime local) => new()
    {
        Name = $"S{n:D2}",
        Module = RecordModule.Candidates,
        ViewId = org.ViewId,
        TemplateId = org.Templates[n],
        From = AddressChoice.Organisation,
        ReplyTo = AddressChoice.Account,
        Active = true,
        Start = new LocalDateTime { Year = local.Year, Month = local.Month, Day = local.Day, Hour = local.Hour, Minute = local.Minute },
        TimeZone = Zone,
    };

    private static string Describe(Observation o) =>
        $"{o.Sends.Count} sends of {ScheduleCount}: "
        + string.Join(", ", o.Sends.GroupBy(s => s.State).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))
        + (o.Occurrences is { } fired
            ? "; occurrences: " + string.Join(", ", fired.Values.SelectMany(l => l).GroupBy(x => x.State).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))
            : "");

    /// <summary>
    /// Every organisation's sends, each organisation read alternately through A and B; once all (at least) 20 are
    /// completed, also each schedule's occurrences, read through the process that did not create the schedule.
    /// </summary>
    private async Task<Observation> ObserveAsync(IEnumerable<Org> orgs, IEnumerable<Planned> schedules)
    {
        var sends = new List<MassSend>();
        foreach (var org in orgs)
        {
            var client = new MassSendService.MassSendServiceClient(drill.Servers[org.Number % 2].Invoker(org.Key));
            sends.AddRange((await client.ListMassSendsAsync(new ListMassSendsRequest { PageSize = 100 })).Sends);
        }

        if (sends.Count < ScheduleCount || sends.Any(s => s.State != SendState.Completed))
        {
            return new Observation(sends, null);
        }

        var occurrences = new Dictionary<int, List<Occurrence>>();
        foreach (var planned in schedules)
        {
            var listed = await new SchedulesService.SchedulesServiceClient(drill.Servers[(planned.Number + 1) % 2].Invoker(planned.Org.Key))
                .ListOccurrencesAsync(new ListOccurrencesRequest { ScheduleId = planned.Schedule.Id, PageSize = 100 });
            occurrences[planned.Number] = [.. listed.Occurrences];
        }

        return new Observation(sends, occurrences);
    }

    /// <summary>The organisation's candidates, a view of all of them and one template per schedule, through process A or B.</summary>
    private async Task<Org> ProvisionAsync(int number, string key)
    {
        var invoker = drill.Servers[number % 2].Invoker(key);
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        using (var import = recipients.ImportRecords())
        {
            await import.RequestStream.WriteAsync(new ImportRecordsRequest
            {
                Module = RecordModule.Candidates,
                Records = { Enumerable.Range(0, CandidatesPerOrganisation).Select(j => R.Candidate($"c{j}", Address(number, j), $"P{j}")) },
            });
            await import.RequestStream.CompleteAsync();
            Assert.Equal(CandidatesPerOrganisation, (await import).Inserted);
        }

        var view = await recipients.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Module = RecordModule.Candidates, Name = "Everyone", Criteria = R.And() },
        });
        var templates = new TemplatesService.TemplatesServiceClient(invoker);
        var ids = new Dictionary<int, string>();
        foreach (var n in SchedulesOf(number))
        {
            ids[n] = (await templates.CreateTemplateAsync(new CreateTemplateRequest
            {
                Template = new Template { Name = $"S{n:D2}", Subject = Subject(n), HtmlBody = "<p>Hi {{ record.first_name }}</p>" },
            })).Template.Id;
        }

        return new Org(number, key, view.View.Id, ids);
    }

    private sealed record Org(int Number, string Key, string ViewId, IReadOnlyDictionary<int, string> Templates);

    private sealed record Planned(int Number, Org Org, Schedule Schedule);

    /// <param name="Occurrences">Per schedule number; null while not every send is completed.</param>
    private sealed record Observation(List<MassSend> Sends, Dictionary<int, List<Occurrence>>? Occurrences);
}

[Trait("Store", "Sqlite")]
public sealed class ScheduleTwoProcessSqliteTests(ITestOutputHelper output) : ScheduleTwoProcessTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class ScheduleTwoProcessMongoTests(ITestOutputHelper output) : ScheduleTwoProcessTests(StoreKind.Mongo, output);
