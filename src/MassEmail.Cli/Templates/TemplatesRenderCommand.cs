using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Templates;

/// <summary><c>templates render ID --record first_name=Ada</c>: a stored template with sample record values.</summary>
public static class TemplatesRenderCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The template's id" };
        var record = new Option<string[]>("--record")
        {
            Description = "A sample record field as NAME=VALUE (repeatable), e.g. --record first_name=Ada",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("render", "Render a stored template with sample record values") { id, record };
        CliAction.Set(command, async context =>
        {
            var request = new RenderTemplateRequest { TemplateId = context.Value(id), RecordFields = Fields(context.Value(record) ?? []) };
            var rendered = await context.Api.Templates.RenderTemplateAsync(request, cancellationToken: context.Cancellation);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(rendered));
                return ExitCodes.Ok;
            }

            context.Output.Line($"Subject: {rendered.Subject}");
            context.Output.Line("");
            context.Output.Line(rendered.TextBody);
            context.Output.Line("");
            context.Output.Line("--- HTML ---");
            context.Output.Line(rendered.HtmlBody);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Struct Fields(IEnumerable<string> pairs)
    {
        var fields = new Struct();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"--record takes NAME=VALUE, not '{Quote.Bounded(pair)}'");
            }

            fields.Fields[pair[..equals]] = Value.ForString(pair[(equals + 1)..]);
        }

        return fields;
    }
}
