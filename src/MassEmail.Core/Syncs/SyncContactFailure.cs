namespace MassEmail.Core.Syncs;

/// <summary>A contact the vendor refused in a sync run: the record, its address and the vendor's reason in words.</summary>
public sealed record SyncContactFailure(string RecordId, string Email, string Reason, string Detail);
