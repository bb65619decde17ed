using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Sending.RateSharing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// One instance in a <see cref="RateSimulation"/>: its own clock (started at its own, unrelated instant, as
/// another machine's would be), its own view of the store, its limiter and its coordinator. Each permit it takes
/// is a request that arrives at the provider at its next step (later while <see cref="HeldUpUntil"/>, or once a
/// freeze ends) and finishes <see cref="Latency"/> after arriving, when the limiter hears of it.
/// </summary>
internal sealed class SimulatedMember
{
    private readonly List<TimeSpan> sent = [];
    private readonly List<TimeSpan> finishing = [];

    public SimulatedMember(string name, IRateGroupStore store, DateTimeOffset clockStart, int accountRate, int phase)
    {
        Name = name;
        Clock = new FakeTimeProvider(clockStart);
        Store = new CutOffStore(store);
        Limiter = new SendRateLimiter(Clock, TimeSpan.FromSeconds(1), countsRequests: true);
        Coordinator = new RateShareCoordinator(Store, RateSimulation.Key, Limiter, accountRate, Clock, NullLogger.Instance);
        Phase = phase;
    }

    public string Name { get; }

    public FakeTimeProvider Clock { get; }

    public CutOffStore Store { get; }

    public SendRateLimiter Limiter { get; }

    public RateShareCoordinator Coordinator { get; }

    /// <summary>Which step of each beat interval this member beats on (members are not in step).</summary>
    public int Phase { get; }

    /// <summary>Takes every permit it can at each step (it has mail to send); false: asks for none.</summary>
    public bool Sending { get; set; } = true;

    /// <summary>Does nothing at all (a stopped, killed or frozen process; its clock still runs, its requests wait).</summary>
    public bool Frozen { get; set; }

    /// <summary>Its beats fail: the store does not answer this member (the others still reach it).</summary>
    public bool CutOff
    {
        get => Store.Unreachable;
        set => Store.Unreachable = value;
    }

    /// <summary>Requests sent before this (simulation) time arrive only then, all at once: a stalled network path.</summary>
    public TimeSpan HeldUpUntil { get; set; }

    /// <summary>From arriving to the answer that ends the request.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>This member's requests that arrived, in all.</summary>
    public int Arrived { get; private set; }

    /// <summary>When (on the simulation's time line) this member last took a permit.</summary>
    public TimeSpan LastGrant { get; private set; }

    /// <summary>Requests sent that have not arrived yet.</summary>
    public int OnTheWay => sent.Count;

    /// <summary>This member's share in the store (0 when it has no entry).</summary>
    public int StoredShare(MemoryRateGroupStore store) =>
        store[RateSimulation.Key]?.Members.FirstOrDefault(m => m.Id == Coordinator.MemberId)?.Share ?? 0;

    /// <summary>Delivers and finishes what is due, takes what the limiter grants (when sending), then beats on its step.</summary>
    public async Task StepAsync(int step, List<TimeSpan> arrivals, TimeSpan now)
    {
        if (Frozen)
        {
            return;
        }

        if (now >= HeldUpUntil)
        {
            arrivals.AddRange(sent.Select(_ => now));
            Arrived += sent.Count;
            finishing.AddRange(sent.Select(_ => now + Latency));
            sent.Clear();
        }

        foreach (var due in finishing.Where(f => f <= now).ToList())
        {
            finishing.Remove(due);
            Limiter.Finished();
        }

        while (Sending && Limiter.TryAcquire())
        {
            sent.Add(now);
            LastGrant = now;
        }

        if (step % RateSimulation.StepsPerBeat == Phase)
        {
            try
            {
                await Coordinator.BeatAsync(CancellationToken.None);
            }
            catch (TimeoutException)
            {
                // Cut off: the loop logs and beats again later; the share lapses by itself.
            }
        }
    }
}
