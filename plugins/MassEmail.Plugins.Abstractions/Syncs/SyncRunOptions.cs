namespace MassEmail.Plugins.Abstractions;

/// <summary>Sync runs (section <c>Plugins:Syncs</c>): the worker that keeps each sync definition's remote list in step with its source.</summary>
public sealed class SyncRunOptions
{
    public const string SectionName = "Plugins:Syncs";

    /// <summary>Runs due syncs on this instance (every instance may: the store leases each run to one of them).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long an idle worker waits before looking for a due run again.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a claim holds a run; renewed every third of it while the run works, so a killed worker's run is taken
    /// over (from its last checkpoint) once it ends.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Records read, sent and checkpointed together (the vendor's batch size splits them further).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>When a vendor call failed without saying when to come back (unreachable after the transport's retries).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A continuous definition, once its first run is done, runs incrementally at least this often: a record's change
    /// reaches the vendor within about this long.
    /// </summary>
    public TimeSpan ContinuousInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// An incremental run reads the records updated after the last successful run started, less this: changes stored
    /// with a clock slightly behind (another instance's) are not missed; sending a record twice is harmless.
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(1);
}
