using System.CommandLine;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;
using Spectre.Console;

namespace MassEmail.Cli.Templates;

/// <summary><c>templates list</c>: every template of the organisation (all pages), optionally by a name fragment.</summary>
public static class TemplatesListCommand
{
    public static Command Create()
    {
        var name = new Option<string?>("--name") { Description = "Only templates whose name contains this text" };
        var command = new Command("list", "List templates, ordered by name") { name };
        CliAction.Set(command, async context =>
        {
            var request = new ListTemplatesRequest { NameContains = context.Value(name) ?? "", PageSize = 200 };
            var templates = new List<Template>();
            do
            {
                var page = await context.Api.Templates.ListTemplatesAsync(request, cancellationToken: context.Cancellation);
                templates.AddRange(page.Templates);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);

            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(templates));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumn(new TableColumn("id").NoWrap()).AddColumns("name", "subject", "version", "updated (UTC)");
            foreach (var t in templates)
            {
                table.AddRow(
                    Markup.Escape(t.Id), Markup.Escape(t.Name), Markup.Escape(t.Subject), $"{t.Version}", $"{t.UpdateTime?.ToDateTime():yyyy-MM-dd HH:mm}");
            }

            context.Output.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
