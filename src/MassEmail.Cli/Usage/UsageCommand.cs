using System.CommandLine;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;
using Spectre.Console;

namespace MassEmail.Cli.Usage;

/// <summary><c>usage</c>: today's quota use of the organisation and the caller, and what the SES account has left.</summary>
public static class UsageCommand
{
    public static Command Create()
    {
        var command = new Command("usage", "Today's bulk and individual quota use, and the email provider's 24-hour room");
        CliAction.Set(command, async context =>
        {
            var usage = await context.Api.Sends.GetUsageAsync(new GetUsageRequest(), cancellationToken: context.Cancellation);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(usage));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("quota", "used", "limit");
            table.AddRow("bulk (organisation)", $"{usage.BulkUsed}", $"{usage.BulkLimit}");
            table.AddRow("individual (you)", $"{usage.IndividualUsed}", $"{usage.IndividualLimit}");
            context.Output.Out.Write(table);
            var provider = !usage.HasProviderRemaining24Hours ? "unknown (the provider could not be asked)"
                : usage.ProviderRemaining24Hours < 0 ? "no limit" : $"{usage.ProviderRemaining24Hours}";
            context.Output.Line($"Day {usage.Day} (UTC). Email provider can still send in its 24 hours: {provider}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
