namespace MassEmail.Core.Templates;

/// <summary>A folder grouping an organisation's templates.</summary>
public sealed record TemplateFolder(string Id, string OrgId, string Name, DateTimeOffset CreatedAt)
{
    public string NameKey => NameKeys.For(Name);
}
