namespace MassEmail.Core.Connections;

/// <summary>At most <paramref name="Calls"/> calls to a vendor endpoint in any period of length <paramref name="Period"/>.</summary>
public sealed record CallWindow(int Calls, TimeSpan Period);
