namespace MassEmail.Core.Templates;

/// <summary>A page of templates; <see cref="NextPageToken"/> is empty on the last page.</summary>
public sealed record TemplateListPage(IReadOnlyList<Template> Templates, string NextPageToken);
