namespace MassEmail.Templating.Razor;

/// <summary>The part names used in <c>TemplateSyntaxIssue.Field</c> and error messages (as the Liquid engine names them).</summary>
internal static class TemplateFields
{
    public const string Subject = "subject";
    public const string HtmlBody = "html_body";
    public const string TextBody = "text_body";
}
