namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// Opt-outs both ways between the service and its campaign tools (section <c>Plugins:OptOuts</c>): local opt-outs
/// published from the consent outbox to every connected vendor, and the vendors' opt-outs polled back.
/// </summary>
public sealed class OptOutOptions
{
    public const string SectionName = "Plugins:OptOuts";

    /// <summary>Runs the publisher and the poller on this instance (every instance may: the store leases the work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each (connection, remote list) of a sync definition is asked for its new opt-outs and bounces.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an idle worker waits before looking for outbox entries or due polls again.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Outbox entries one claim takes (sent in the vendor's batch size).</summary>
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>
    /// How long a claim holds outbox entries or a poll; a worker stops starting vendor calls after half of it, so the
    /// lease never ends under it, and a killed worker's work is claimable again once it ends.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>When a vendor call failed without saying when to come back (unreachable after the transport's retries).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Pages of opt-outs one poll reads before handing the poll back (due again at once).</summary>
    public int MaxPagesPerPoll { get; set; } = 20;
}
