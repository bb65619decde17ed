namespace MassEmail.Templating.Razor.Tests;

/// <summary>One engine for the test class: RazorLight's first compile in a process is the slow one.</summary>
public sealed class RazorEngineFixture
{
    public RazorTemplateEngine Engine { get; } = new();
}
