using System.CommandLine;
using System.Text.Json.Nodes;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Templates;

/// <summary>
/// <c>templates push FILE</c>: creates the template the file's front matter names, or, when the organisation
/// already has one of that name, replaces its content at the version just read (a concurrent edit is ABORTED,
/// not overwritten).
/// </summary>
public static class TemplatesPushCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Template file: front matter (name, subject, from, reply_to, description) then the HTML body" };
        var command = new Command("push", "Create or update a template from a file") { file };
        CliAction.Set(command, async context =>
        {
            var path = context.Value(file);
            var template = TemplateFile.Parse(await InputFile.ReadAllTextAsync(path, context.Cancellation), path.Name);
            var client = context.Api.Templates;
            var existing = await FindByNameAsync(client, template.Name, context.Cancellation);
            Template stored;
            if (existing is null)
            {
                stored = (await client.CreateTemplateAsync(new CreateTemplateRequest { Template = template }, cancellationToken: context.Cancellation)).Template;
            }
            else
            {
                template.Id = existing.Id;
                template.Version = existing.Version;
                template.FolderId = existing.FolderId;
                template.Engine = existing.Engine;
                stored = (await client.UpdateTemplateAsync(new UpdateTemplateRequest { Template = template }, cancellationToken: context.Cancellation)).Template;
            }

            var action = existing is null ? "created" : "updated";
            if (context.Output.Json)
            {
                context.Output.WriteJson(new JsonObject { ["action"] = action, ["template"] = ProtoJson.From(stored) });
            }
            else
            {
                context.Output.Line($"{action} template {stored.Id} \"{stored.Name}\" (version {stored.Version})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<Template?> FindByNameAsync(TemplatesService.TemplatesServiceClient client, string name, CancellationToken cancellation)
    {
        var request = new ListTemplatesRequest { NameContains = name, PageSize = 200 };
        do
        {
            var page = await client.ListTemplatesAsync(request, cancellationToken: cancellation);
            if (page.Templates.FirstOrDefault(t => t.Name == name) is { } found)
            {
                return found;
            }

            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return null;
    }
}
