namespace MassEmail.Core.Templates.Rendering;

/// <summary>The part names used in <see cref="TemplateSyntaxIssue.Field"/> and error messages.</summary>
internal static class LiquidFields
{
    public const string Subject = "subject";
    public const string HtmlBody = "html_body";
    public const string TextBody = "text_body";
}
