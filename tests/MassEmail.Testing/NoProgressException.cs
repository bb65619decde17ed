namespace MassEmail.Testing;

/// <summary>A wait of <see cref="Progress"/> saw nothing change for the stall interval: the work is stuck, not slow.</summary>
public sealed class NoProgressException(TimeSpan stall, TimeSpan waited, string last)
    : TimeoutException($"no progress for {stall} (after waiting {waited:hh\\:mm\\:ss}): {last}");
