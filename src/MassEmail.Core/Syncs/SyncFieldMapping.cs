namespace MassEmail.Core.Syncs;

/// <summary>One local field (standard or custom, by the name criteria use) written to one vendor field.</summary>
public sealed record SyncFieldMapping(string LocalField, string RemoteField);
