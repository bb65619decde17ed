namespace MassEmail.Core.Syncs;

/// <summary>
/// A sync definition whose run a worker holds under a lease (<see cref="ISyncDefinitionStore.ClaimRunAsync"/>), with
/// the "sync now" request that made it due, if any: <paramref name="RequestedAt"/> is when it was asked for and
/// <paramref name="RequestedFull"/> whether a full resync was.
/// </summary>
public sealed record SyncRunClaim(SyncDefinition Definition, DateTimeOffset? RequestedAt, bool RequestedFull);
