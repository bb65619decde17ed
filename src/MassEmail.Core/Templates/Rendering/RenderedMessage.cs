namespace MassEmail.Core.Templates.Rendering;

/// <summary>A template rendered for one recipient. The subject never contains CR or LF.</summary>
public sealed record RenderedMessage(string Subject, string HtmlBody, string TextBody);
