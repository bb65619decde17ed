namespace MassEmail.Core.Templates;

/// <summary>A page request of a template listing. <see cref="PageToken"/> comes from the previous page.</summary>
public sealed record TemplateListRequest(int PageSize, string? PageToken, string? FolderId, string? NameContains);
