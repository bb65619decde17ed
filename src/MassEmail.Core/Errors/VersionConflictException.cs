namespace MassEmail.Core.Errors;

/// <summary>Optimistic concurrency: the caller's version is not the stored one. Re-read and retry.</summary>
public sealed class VersionConflictException(string resource, string id, long expected)
    : DomainException($"{resource} '{id}' was changed since version {expected}; read it again and retry.")
{
    public string Resource { get; } = resource;
    public long ExpectedVersion { get; } = expected;
}
