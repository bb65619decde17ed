namespace MassEmail.Core.Templates;

/// <summary>The mutable fields of a template, for partial updates.</summary>
[Flags]
public enum TemplateField
{
    None = 0,
    Name = 1 << 0,
    Folder = 1 << 1,
    Subject = 1 << 2,
    HtmlBody = 1 << 3,
    TextBody = 1 << 4,
    From = 1 << 5,
    ReplyTo = 1 << 6,
    Engine = 1 << 7,
    Description = 1 << 8,
    All = Name | Folder | Subject | HtmlBody | TextBody | From | ReplyTo | Engine | Description,
}
