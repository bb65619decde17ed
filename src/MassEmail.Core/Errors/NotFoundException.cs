namespace MassEmail.Core.Errors;

/// <summary>
/// The resource does not exist for the caller's organisation. Resources of other organisations
/// are reported the same way, so callers never learn that they exist.
/// </summary>
public sealed class NotFoundException(string resource, string id) : DomainException($"{resource} '{InputText.Quote(id)}' was not found.")
{
    public string Resource { get; } = resource;
    public string Id { get; } = id;
}
