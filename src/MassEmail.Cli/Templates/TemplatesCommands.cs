using System.CommandLine;

namespace MassEmail.Cli.Templates;

/// <summary><c>templates</c>: push, list, render.</summary>
public static class TemplatesCommands
{
    public static Command Create() => new("templates", "Email templates")
    {
        TemplatesPushCommand.Create(),
        TemplatesListCommand.Create(),
        TemplatesRenderCommand.Create(),
    };
}
