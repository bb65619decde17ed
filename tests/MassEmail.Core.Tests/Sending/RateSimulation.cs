using MassEmail.Core.Sending.RateSharing;
using MassEmail.Testing;

namespace MassEmail.Core.Tests.Sending;

/// <summary>
/// Instances sharing one account's rate through one store, stepped on simulated time (10 ms steps): each takes
/// every permit its limiter grants and beats every <see cref="StepsPerBeat"/> steps. Every request's arrival at the
/// provider is recorded on the simulation's own time line, on which the account's invariant is checked.
/// </summary>
internal sealed class RateSimulation(int accountRate)
{
    public const string Key = "ses";
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    public static readonly int StepsPerBeat = (int)(RateShareCoordinator.BeatInterval / Step);

    private readonly List<SimulatedMember> members = [];
    private int step;

    public MemoryRateGroupStore Store { get; } = new();

    /// <summary>When each request of every member arrived at the provider, on the simulation's time line.</summary>
    public List<TimeSpan> Arrivals { get; } = [];

    public TimeSpan Now { get; private set; }

    public int AccountRate => accountRate;

    /// <summary>The most the shares in the store ever added up to (checked after every step).</summary>
    public int MostStoredShares { get; private set; }

    /// <summary>A new member, whose clock starts years away from the others' (nothing may depend on clocks agreeing).</summary>
    public SimulatedMember Add(string name)
    {
        var member = new SimulatedMember(
            name, Store, DateTimeOffset.UnixEpoch.AddDays(400 * members.Count).AddMilliseconds(137 * members.Count), accountRate, (members.Count * 17) % StepsPerBeat);
        members.Add(member);
        return member;
    }

    /// <summary>Runs for <paramref name="duration"/>: every clock moves one step, then each member takes its step.</summary>
    public async Task RunAsync(TimeSpan duration)
    {
        for (var end = Now + duration; Now < end;)
        {
            step++;
            Now += Step;
            foreach (var member in members)
            {
                member.Clock.Advance(Step);
            }

            foreach (var member in members)
            {
                await member.StepAsync(step, Arrivals, Now);
            }

            MostStoredShares = Math.Max(MostStoredShares, StoredShares());
        }
    }

    /// <summary>Arrivals within the last <paramref name="span"/>.</summary>
    public int ArrivedWithin(TimeSpan span) => Arrivals.Count(a => a > Now - span);

    /// <summary>The most arrivals within any one-second window so far, and where that window starts.</summary>
    public (int Count, TimeSpan At) Busiest()
    {
        List<long> sorted = [.. Arrivals.Select(a => a.Ticks).Order()];
        var (count, start) = SlidingWindow.Busiest(sorted, TimeSpan.TicksPerSecond);
        return (count, sorted.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(sorted[start]));
    }

    /// <summary>The shares in the store, summed.</summary>
    public int StoredShares() => Store[Key]?.Members.Sum(m => m.Share) ?? 0;
}
