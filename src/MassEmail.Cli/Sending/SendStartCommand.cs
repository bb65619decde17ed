using System.CommandLine;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Sending;

/// <summary>
/// <c>send start</c>: starts a mass send and prints its id (or watches it with <c>--watch</c>). Without
/// <c>--idempotency-key</c> a fresh key is made and printed: repeating the command with it after a lost reply
/// returns the same send instead of starting a second one.
/// </summary>
public static class SendStartCommand
{
    public static Command Create()
    {
        var module = new Option<string>("--module") { Description = "candidates or contacts", Required = true };
        module.AcceptOnlyFromAmong("candidates", "contacts");
        var template = new Option<string>("--template") { Description = "The stored template's id", Required = true };
        var from = new Option<string>("--from") { Description = "Where From comes from: account, organisation, record-owner or template", Required = true };
        from.AcceptOnlyFromAmong(AddressChoices.Names);
        var replyTo = new Option<string>("--reply-to") { Description = "Where Reply-To comes from (same choices as --from)", Required = true };
        replyTo.AcceptOnlyFromAmong(AddressChoices.Names);
        var key = new Option<string?>("--idempotency-key") { Description = "One key per send; the same key and request return the same send (default: a new key)" };
        var watch = new Option<bool>("--watch") { Description = "Watch the send until it ends (as send watch)" };
        var audience = new AudienceOptions();
        var command = new Command("start", "Start a mass send") { module, template, from, replyTo, key, watch };
        foreach (var option in audience.Options)
        {
            command.Add(option);
        }

        CliAction.Set(command, async context =>
        {
            var request = new StartMassSendRequest
            {
                Module = RecordModules.Parse(context.Value(module)),
                TemplateId = context.Value(template),
                From = AddressChoices.Parse(context.Value(from)),
                ReplyTo = AddressChoices.Parse(context.Value(replyTo)),
                Audience = await audience.ReadAsync(context),
                IdempotencyKey = context.Value(key) ?? $"cli-{Guid.NewGuid():N}",
            };
            var send = (await context.Api.Sends.StartMassSendAsync(request, cancellationToken: context.Cancellation)).Send;
            if (context.Value(watch))
            {
                context.Output.Line($"Started send {send.Id} (idempotency key {request.IdempotencyKey}).");
                return await SendWatcher.WatchAsync(context, send.Id);
            }

            if (context.Output.Json)
            {
                context.Output.WriteJson(ProtoJson.From(send));
            }
            else
            {
                context.Output.Line($"Started send {send.Id}: {SendStates.Name(send.State)}, {send.Reserved} reserved of today's bulk quota (idempotency key {request.IdempotencyKey}).");
                context.Output.Line($"Follow it: massemail send watch {send.Id}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
