namespace MassEmail.Plugins.Abstractions;

/// <summary>At most <paramref name="Calls"/> calls in any period of length <paramref name="Period"/>.</summary>
public sealed record RateWindow(int Calls, TimeSpan Period);
