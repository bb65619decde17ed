namespace MassEmail.Core.Templates;

/// <summary>
/// One page of a template listing, in (NameKey, Id) order, starting after the given position.
/// <see cref="NameContainsKey"/> is already case-folded.
/// </summary>
public sealed record TemplateQuery(
    string OrgId,
    string? FolderId,
    string? NameContainsKey,
    string? AfterNameKey,
    string? AfterId,
    int Limit);
