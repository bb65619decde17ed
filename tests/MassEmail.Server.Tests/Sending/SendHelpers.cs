using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;

namespace MassEmail.Server.Tests.Sending;

/// <summary>Shared steps of the sending tests: seed candidates and a template, start, watch, read the emulator.</summary>
internal static class SendHelpers
{
    /// <param name="Invoker">Calls as the organisation's admin (for further set-up).</param>
    public sealed record Setup(MassSendService.MassSendServiceClient Sends, string TemplateId, string OrgId, global::Grpc.Core.CallInvoker? Invoker = null);

    public static async Task<Setup> SeedAsync(MassEmailServer server, string orgName, string domain, int candidates, int bulkLimit = 10_000)
    {
        var org = await server.CreateOrganisationAsync(orgName, bulkDailyLimit: bulkLimit);
        var invoker = server.Invoker(org.AdminKey.Secret);
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        using (var import = recipients.ImportRecords())
        {
            await import.RequestStream.WriteAsync(new ImportRecordsRequest
            {
                Module = RecordModule.Candidates,
                Records = { Enumerable.Range(0, candidates).Select(i => R.Candidate($"c{i:D5}", $"p{i}@{domain}", $"P{i}")) },
            });
            await import.RequestStream.CompleteAsync();
            await import;
        }

        var template = await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "T", Subject = "Hi {{ record.first_name }}", HtmlBody = "<p>{{ record.first_name }}</p>" },
        });
        return new Setup(new MassSendService.MassSendServiceClient(invoker), template.Template.Id, org.Organisation.Id, invoker);
    }

    public static StartMassSendRequest Start(string templateId, string key) => new()
    {
        Module = RecordModule.Candidates,
        TemplateId = templateId,
        From = AddressChoice.Organisation,
        ReplyTo = AddressChoice.Account,
        Audience = new Audience { Criteria = R.And() },
        IdempotencyKey = key,
    };

    /// <summary>Every update WatchMassSend streams until the final state; fails when none came for <see cref="Progress.Stall"/>.</summary>
    public static async Task<List<MassSend>> WatchAsync(MassSendService.MassSendServiceClient sends, string id)
    {
        var updates = await Progress.ReadAllAsync(
            token => sends.WatchMassSend(new WatchMassSendRequest { Id = id }, cancellationToken: token), $"watching send {id}");
        return updates.Select(u => u.Send).ToList();
    }

    /// <summary>
    /// Polls GetMassSend until <paramref name="until"/> holds. Fails when neither the state nor any count changed for
    /// <see cref="Progress.Stall"/>, or at once when the send is final (completed, cancelled) without satisfying it.
    /// </summary>
    /// <param name="diagnostics">More to say on failure (e.g. what a fake SES received).</param>
    public static Task<MassSend> WaitAsync(
        MassSendService.MassSendServiceClient sends, string id, Func<MassSend, bool> until, Func<string>? diagnostics = null)
    {
        string Describe(MassSend send) => $"send {id} is {send.State}, counts {send.Counts}" + (diagnostics is null ? "" : $"; {diagnostics()}");

        bool Done(MassSend send) =>
            until(send) || (send.State is SendState.Completed or SendState.Cancelled
                ? throw new InvalidOperationException($"{Describe(send)}: final, and never in the awaited state")
                : false);

        return Progress.WaitAsync(
            async () => (await sends.GetMassSendAsync(new GetMassSendRequest { Id = id })).Send, Done, send => (send.State, send.Counts), Describe);
    }

    /// <summary>Recipient addresses of the emulator's stored mail to <paramref name="domain"/>, one entry per message.</summary>
    public static async Task<List<string>> MailToAsync(SesEmulatorFixture emulator, string domain)
    {
        var store = await emulator.ReadStoreAsync();
        return store.Emails
            .Select(e => Assert.Single(e.Destination.To))
            .Where(to => to.EndsWith("@" + domain, StringComparison.Ordinal))
            .ToList();
    }
}
