using MassEmail.Core.Sending.Dispatch;
using MassEmail.Core.Templates;
using Microsoft.Extensions.Logging;

namespace MassEmail.Core.Sending.RateSharing;

/// <summary>
/// Keeps this process's share of one account's rate in the store, beside the shares of the other instances
/// that send through the account (one <see cref="RateGroup"/>), and sets the local limiter to it. Every
/// <see cref="BeatInterval"/> it reads the group and writes it back (compare-and-set on its version) with its own
/// entry renewed, the members it saw die removed, and its share moved towards its fair part of the rate: the
/// rate divided among the members that have mail to send. No store call is made per message.
/// </summary>
/// <remarks>
/// Three rules keep the members together under the rate in every sliding window; none compares the clocks of
/// two machines (each measures only intervals on its own monotonic clock):
/// <list type="number">
/// <item>A share grows only by what the other members' shares leave of the rate, in the compare-and-set write,
/// so the shares in the store never add up to more than the rate.</item>
/// <item>A share shrinks at once in the local limiter, but in the store only down to the permits this process still
/// counts (<see cref="PermitLog"/>: until a window after their request finished), step by step as they age out, so
/// requests already sent count in every window they can arrive in while others take over what is freed.</item>
/// <item>A share lapses <see cref="Lease"/> after the start of the beat that last renewed it, on its holder's clock
/// (a frozen or cut-off process stops by itself); others take it over only after watching the holder's beat stand
/// still for <see cref="DeadAfter"/> (the lease, a window and a margin) on their own clocks.</item>
/// </list>
/// </remarks>
public sealed partial class RateShareCoordinator
{
    /// <summary>How often a member renews its entry and adjusts its share.</summary>
    public static readonly TimeSpan BeatInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a share holds after the start of the beat that renewed it, unless renewed again.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    /// <summary>A member that asked for no permit for this long has no mail to send and gives its share back.</summary>
    public static readonly TimeSpan DemandWindow = TimeSpan.FromSeconds(2);

    private const int WriteAttempts = 4;
    private static readonly TimeSpan DeadMargin = TimeSpan.FromSeconds(1);
    private const int MaxQuickBeats = 20;
    /// <summary>The gap between beats while a share is changing hands (and after a starving sender's nudge).</summary>
    private static readonly TimeSpan QuickBeat = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LeavePoll = TimeSpan.FromMilliseconds(50);

    private readonly IRateGroupStore store;
    private readonly SendRateLimiter limiter;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    // Each other member's beat as last seen, and when (this process's timestamp) it was first seen at that value.
    private readonly Dictionary<string, (long Beat, long Since)> seen = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim beating = new(1, 1);
    private readonly object nudgeGate = new();
    private TaskCompletionSource nudge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long throttlesSeen = -1;
    private int throttlesReported;
    private int accountRate;
    private bool leaving;
    private bool failing;
    // Beats in a row at QuickBeat while this member's share is on its way up or down (capped: views can disagree for good).
    private int quickBeats;
    private int lastMembers;

    /// <param name="key">The account's group (<see cref="SendingOptions.RateLimitGroup"/>).</param>
    /// <param name="limiter">This process's limiter, which grants nothing until the first beat gives it a share.</param>
    /// <param name="accountRate">The account's rate (e.g. SES MaxSendRate), at least 1.</param>
    public RateShareCoordinator(IRateGroupStore store, string key, SendRateLimiter limiter, int accountRate, TimeProvider time, ILogger logger)
    {
        this.store = store;
        Key = key;
        this.limiter = limiter;
        this.time = time;
        this.logger = logger;
        AccountRate = accountRate;
        limiter.Starved = Nudge;
    }

    public string Key { get; }

    /// <summary>This process's entry in the group.</summary>
    public string MemberId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The account's rate, which the members' shares never exceed together (the provider may change it).</summary>
    public int AccountRate
    {
        get => Volatile.Read(ref accountRate);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref accountRate, value);
        }
    }

    /// <summary>How long another member's beat must stand still before its share is taken over.</summary>
    public TimeSpan DeadAfter => Lease + limiter.Window + DeadMargin;

    /// <summary>
    /// One beat: reads the group, writes it back adjusted, and on success gives the limiter its share until
    /// <see cref="Lease"/> after this beat began. Retries when another member wrote meanwhile; false when the
    /// group kept changing (the next beat tries again).
    /// </summary>
    public async Task<bool> BeatAsync(CancellationToken ct)
    {
        // One beat at a time: the loop's and a caller's (a changed account rate) would otherwise race on this member's state.
        await beating.WaitAsync(ct);
        try
        {
            for (var attempt = 0; attempt < WriteAttempts; attempt++)
            {
                // Before the read: the lease runs from a moment no later than the write that renews it.
                var started = time.GetTimestamp();
                var current = await store.GetAsync(Key, ct);
                var plan = Plan(current, time.GetTimestamp());
                if (await store.WriteAsync(plan.Next, current?.Version ?? 0, ct) == WriteOutcome.Done)
                {
                    if (plan.Share != limiter.Share || plan.Next.Members.Count != lastMembers)
                    {
                        lastMembers = plan.Next.Members.Count;
                        LogShare(logger, Key, plan.Share, lastMembers, AccountRate);
                    }

                    limiter.SetShare(plan.Share, started + Ticks(Lease));
                    quickBeats = plan.Settled ? 0 : quickBeats + 1;
                    throttlesReported = plan.ThrottleAnswers;
                    throttlesSeen = plan.Next.Throttles;
                    return true;
                }
            }

            return false;
        }
        finally
        {
            beating.Release();
        }
    }

    /// <summary>
    /// Beats until <paramref name="ct"/> is cancelled: every <see cref="BeatInterval"/> after the last (the first beat,
    /// <see cref="BeatAsync"/>, is the caller's), and sooner when a sender starves.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await WaitForBeatAsync(ct);
                await BeatAsync(ct);
                if (failing)
                {
                    failing = false;
                    LogRecovered(logger, Key);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The share lapses by itself after the lease; beats go on until the store answers again.
                if (!failing)
                {
                    failing = true;
                    LogBeatFailed(logger, e, Key, Lease);
                }
            }
        }
    }

    /// <summary>
    /// Leaves the group on shutdown: grants nothing more, waits until none of its permits counts any more (its
    /// requests finished a window ago), then removes its entry, so that the others may take its share at once instead of after <see cref="DeadAfter"/>.
    /// </summary>
    public async Task LeaveAsync(CancellationToken ct)
    {
        leaving = true;
        limiter.LowerShare(0);
        while (limiter.Counted() > 0)
        {
            await Task.Delay(LeavePoll, time, ct);
        }

        await BeatAsync(ct);
    }

    private static int FairShare(int rate, IEnumerable<RateGroupMember> others, string me)
    {
        List<string> wanting = [.. others.Where(o => o.Wants).Select(o => o.Id).Append(me).Order(StringComparer.Ordinal)];
        return (rate / wanting.Count) + (wanting.IndexOf(me) < rate % wanting.Count ? 1 : 0);
    }

    /// <summary>Waits <see cref="BeatInterval"/>, or less when a sender starves (but a short gap at least).</summary>
    private async Task WaitForBeatAsync(CancellationToken ct)
    {
        Task nudged;
        lock (nudgeGate)
        {
            nudged = nudge.Task;
        }

        // While a share changes hands every moment counts: the giver stopped using it, the taker waits for it.
        var interval = quickBeats is > 0 and <= MaxQuickBeats ? QuickBeat : BeatInterval;
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (await Task.WhenAny(Task.Delay(interval, time, wake.Token), nudged) == nudged)
        {
            await wake.CancelAsync();
            lock (nudgeGate)
            {
                nudge = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            // A starving sender may ask again right away: a short gap keeps that from becoming a storm of writes.
            await Task.Delay(QuickBeat, time, ct);
        }

        ct.ThrowIfCancellationRequested();
    }

    private void Nudge()
    {
        lock (nudgeGate)
        {
            nudge.TrySetResult();
        }
    }

    /// <summary>The next state of the group as this member sees it now; lowers the limiter at once where that is due.</summary>
    private (RateGroup Next, int Share, int ThrottleAnswers, bool Settled) Plan(RateGroup? current, long now)
    {
        IReadOnlyList<RateGroupMember> members = current?.Members ?? [];
        var mine = members.FirstOrDefault(m => m.Id == MemberId);
        // The store is the truth about what this member holds: only it writes its share, and a member that others
        // removed as dead holds nothing (its lease lapsed long before).
        var held = mine?.Share ?? 0;
        var alive = Alive(members, now);
        var rate = AccountRate;
        var wants = !leaving && limiter.WantedWithin(DemandWindow);
        var target = wants ? FairShare(rate, alive, MemberId) : 0;

        // Lowering is always safe, so it happens before the write; raising waits for the write that records it.
        limiter.LowerShare(Math.Min(target, held));
        int share, nextHeld;
        if (target > held)
        {
            var free = Math.Max(0, rate - held - alive.Sum(o => o.Share));
            nextHeld = share = held + Math.Min(target - held, free);
        }
        else
        {
            // Given back step by step: from now on no window of this member's holds more than the permits it still
            // counts or its new share, so the store may say so at once and others take the rest meanwhile.
            share = target;
            nextHeld = Math.Clamp(limiter.Counted(), target, held);
        }

        var throttles = current?.Throttles ?? 0;
        if (throttlesSeen >= 0 && throttles > throttlesSeen)
        {
            limiter.SlowDownForOthers();
        }

        throttlesSeen = throttles;
        var answers = limiter.ThrottleAnswers;
        if (answers > throttlesReported)
        {
            throttles++;
        }

        var me = new RateGroupMember(MemberId, nextHeld, wants, (mine?.Beat ?? 0) + 1);
        var stay = !(leaving && nextHeld == 0);
        List<RateGroupMember> next = [.. alive];
        if (stay)
        {
            next.Add(me);
        }

        // Settled: holds what it uses, and that is its fair part; otherwise a share is on its way to or from this member.
        var settled = nextHeld == share && share == target;
        return (new RateGroup(Key, (current?.Version ?? 0) + 1, throttles, next), share, answers, settled);
    }

    /// <summary>The other members whose beat moved within <see cref="DeadAfter"/> on this process's clock.</summary>
    private List<RateGroupMember> Alive(IReadOnlyList<RateGroupMember> members, long now)
    {
        var alive = new List<RateGroupMember>();
        foreach (var member in members.Where(m => m.Id != MemberId))
        {
            if (!seen.TryGetValue(member.Id, out var last) || last.Beat != member.Beat)
            {
                seen[member.Id] = last = (member.Beat, now);
            }

            if (time.GetElapsedTime(last.Since, now) < DeadAfter)
            {
                alive.Add(member);
            }
        }

        foreach (var gone in seen.Keys.Where(id => members.All(m => m.Id != id)).ToList())
        {
            seen.Remove(gone);
        }

        return alive;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The send rate share of account group {Key} could not be renewed; sending stops {Lease} after the last renewal until the store answers again.")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception, string key, TimeSpan lease);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Send rate group {Key}: this process's share is {Share}/s of {Rate}/s, {Members} members.")]
    private static partial void LogShare(ILogger logger, string key, int share, int members, int rate);

    [LoggerMessage(Level = LogLevel.Information, Message = "The send rate share of account group {Key} is renewed again.")]
    private static partial void LogRecovered(ILogger logger, string key);
}
