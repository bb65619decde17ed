namespace MassEmail.Bench;

/// <summary>How load is applied.</summary>
internal enum BenchMode
{
    /// <summary>Open loop: requests start at a constant arrival rate whatever the completions.</summary>
    Rate,

    /// <summary>Closed loop: N callers each send their next request as soon as the previous one returns.</summary>
    Max,

    /// <summary>The rate run, then the max run, against the same server.</summary>
    Both,
}
