using System.ComponentModel.DataAnnotations;

namespace MassEmail.Core.Templates;

/// <summary>Limits and switches for templates (configuration section <c>Templates</c>).</summary>
public sealed class TemplateOptions
{
    public const string SectionName = "Templates";

    /// <summary>Longest subject accepted, in characters. RFC 5322 caps a header line at 998.</summary>
    [Range(1, 998)]
    public int MaxSubjectLength { get; set; } = 998;

    /// <summary>Largest HTML or text body accepted, in UTF-8 bytes. SES rejects messages over 40 MB in all.</summary>
    [Range(1, 10 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 512 * 1024;

    /// <summary>
    /// Allows Razor templates. Razor runs arbitrary C# on the server, so enable it only when every
    /// caller that can write templates is a trusted internal service.
    /// </summary>
    public bool AllowRazor { get; set; }
}
