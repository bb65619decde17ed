namespace MassEmail.Core.Templates;

/// <summary>The result of a conditional write: done, no such row in the organisation, or the version moved on.</summary>
public enum WriteOutcome
{
    Done,
    NotFound,
    VersionMismatch,
}
