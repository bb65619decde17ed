namespace MassEmail.Core.Templates.Rendering;

/// <summary>A problem at an offset of a template part, before it is given a line and column.</summary>
internal readonly record struct SourceIssue(int Offset, string Message);
