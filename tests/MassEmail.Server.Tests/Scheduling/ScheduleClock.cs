using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Server.Tests.Scheduling;

/// <summary>
/// Servers whose schedules run on a fake clock the test moves, several of them on one store when asked (the same
/// SQLite file or MongoDB database), as instances of one deployment are.
/// </summary>
internal sealed class ScheduleClock(StoreKind store, DateTimeOffset start) : IDisposable
{
    private readonly List<MassEmailServer> servers = [];
    private readonly string sqlitePath = Path.Combine(Path.GetTempPath(), $"massemail-sched-{Guid.NewGuid():N}.db");
    private readonly string mongoDatabase = $"massemail_sched_{Guid.NewGuid():N}";

    public FakeTimeProvider Clock { get; } = new(start);

    /// <summary>Starts another instance on the shared store, with <paramref name="extra"/> configuration on top.</summary>
    public MassEmailServer StartInstance(TimeSpan? grace = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var unavailable = MassEmailServer.UnavailableReason(store);
        Skip.If(unavailable is not null, unavailable);
        var settings = new Dictionary<string, string?> { ["Schedules:MisfireGrace"] = (grace ?? TimeSpan.FromMinutes(15)).ToString() };
        if (store == StoreKind.Sqlite)
        {
            settings["Storage:Sqlite:Path"] = sqlitePath;
        }
        else
        {
            settings["Storage:Mongo:Database"] = mongoDatabase;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var server = new MassEmailServer(store, settings, s => s.AddSingleton<TimeProvider>(Clock));
        _ = server.Services;
        servers.Add(server);
        return server;
    }

    /// <summary>Stops an instance, as a deploy or a crash would (nothing of its timer survives).</summary>
    public void Stop(MassEmailServer server)
    {
        servers.Remove(server);
        server.Dispose();
    }

    /// <summary>
    /// Moves the clock to <paramref name="at"/>, then waits until <paramref name="done"/> holds for the schedule's
    /// occurrences. While waiting the clock moves on by a second per poll, at most a minute in all, so that a timer that
    /// went to sleep just before the move wakes up.
    /// </summary>
    public async Task<List<Occurrence>> RunUntilAsync(ScheduleSetup setup, string scheduleId, DateTimeOffset at, Func<List<Occurrence>, bool> done)
    {
        if (at > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(at);
        }

        var nudges = 0;
        return await Progress.WaitAsync(
            async () =>
            {
                var occurrences = await setup.OccurrencesAsync(scheduleId);
                if (!done(occurrences) && nudges++ < 60)
                {
                    Clock.Advance(TimeSpan.FromSeconds(1));
                }

                return occurrences;
            },
            done,
            o => string.Join(",", o.Select(x => $"{x.LocalTime}:{x.State}")) + nudges,
            o => $"occurrences of {scheduleId} at {Clock.GetUtcNow():O}: {string.Join(", ", o.Select(x => $"{x.LocalTime} {x.State} {x.Reason}"))}");
    }

    public void Dispose()
    {
        foreach (var server in servers)
        {
            server.Dispose();
        }

        if (store == StoreKind.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(sqlitePath + suffix);
            }
        }
    }
}
