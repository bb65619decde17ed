namespace MassEmail.Core.Errors;

/// <summary>
/// The request is well formed but the system is not in a state that allows it
/// (a folder still holds templates, an engine is disabled by the operator, ...).
/// </summary>
/// <param name="Type">A stable machine-readable reason such as <c>FOLDER_NOT_EMPTY</c>.</param>
/// <param name="Subject">What the precondition is about, e.g. <c>template.engine</c>.</param>
public sealed class PreconditionFailedException(string type, string subject, string message) : DomainException(message)
{
    public string Type { get; } = type;
    public string Subject { get; } = subject;
}
