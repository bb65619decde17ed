using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Templates;
using MassEmail.Ses.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Ses.Tests.Emulator;

/// <summary>
/// The whole transport (DI, signing, JSON, HTTP) against the real SES emulator; every field is read
/// back from the emulator's store. The emulator keeps custom headers but not EmailTags or the
/// configuration set: those are asserted on the wire in the fake-SES tests.
/// </summary>
public sealed class SesTransportEmulatorTests(SesEmulatorFixture emulator) : IClassFixture<SesEmulatorFixture>, IDisposable
{
    private ServiceProvider? _services;

    private IMailTransport Transport
    {
        get
        {
            Skip.If(emulator.SkipReason is not null, emulator.SkipReason);
            _services ??= TestServices.ForEndpoint(emulator.BaseAddress, configurationSet: "massemail-tests");
            return _services.GetRequiredService<IMailTransport>();
        }
    }

    [SkippableFact]
    public async Task SendAsync_FullMessage_EmulatorStoresEveryField()
    {
        var transport = Transport;
        var to = $"{Guid.NewGuid():N}@example.com";
        var displayName = "Zoë Müller — Équipe Ventes 日本語チーム, Büro Köln";
        var message = new OutgoingMessage(
            From: new Mailbox("sender@example.com", displayName),
            ReplyTo: ["reply@example.com", "second-reply@example.com"],
            To: to,
            Subject: "Grüße, Zoë — your offer",
            HtmlBody: "<p>Hallo <b>Zoë</b> 👋</p>",
            TextBody: "Hallo Zoë 👋",
            Headers:
            [
                new MessageHeader("List-Unsubscribe", "<https://example.com/u/tok-123>, <mailto:unsubscribe@example.com?subject=unsubscribe>"),
                new MessageHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ],
            Tags: new Dictionary<string, string> { ["organisation"] = "org-1", ["send_id"] = "send-42" });

        var result = await transport.SendAsync(message, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Null(result.Error);
        Assert.StartsWith("ses-", result.MessageId);
        var stored = await emulator.SingleEmailToAsync(to);
        Assert.Equal(result.MessageId, stored.MessageId);
        Assert.EndsWith(" <sender@example.com>", stored.From);
        Assert.DoesNotContain(stored.From, c => c > 127);
        Assert.Equal(displayName, EncodedWords.Decode(stored.From[..^" <sender@example.com>".Length]));
        Assert.Equal(["reply@example.com", "second-reply@example.com"], stored.ReplyTo);
        Assert.Equal([to], stored.Destination.To);
        Assert.Empty(stored.Destination.Cc);
        Assert.Empty(stored.Destination.Bcc);
        Assert.Equal(message.Subject, stored.Subject);
        Assert.Equal(message.HtmlBody, stored.Body.Html);
        Assert.Equal(message.TextBody, stored.Body.Text);
        Assert.Equal(
            [
                new StoredHeader("List-Unsubscribe", "<https://example.com/u/tok-123>, <mailto:unsubscribe@example.com?subject=unsubscribe>"),
                new StoredHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ],
            stored.Headers);
    }

    [SkippableFact]
    public async Task SendAsync_AsciiDisplayNameWithQuotes_StoredAsQuotedString()
    {
        var transport = Transport;
        var to = $"{Guid.NewGuid():N}@example.com";

        var result = await transport.SendAsync(
            Messages.To(to, new Mailbox("ann@example.com", "Ann \"The Boss\" O'Neil, Sales\\EU")), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        var stored = await emulator.SingleEmailToAsync(to);
        Assert.Equal("\"Ann \\\"The Boss\\\" O'Neil, Sales\\\\EU\" <ann@example.com>", stored.From);
        Assert.Empty(stored.ReplyTo);
        Assert.Null(stored.Headers);
    }

    [SkippableFact]
    public async Task SendAsync_NoDisplayNameAndTextOnly_StoresBareAddressAndNoHtml()
    {
        var transport = Transport;
        var to = $"{Guid.NewGuid():N}@example.com";
        var message = Messages.To(to, new Mailbox("plain@example.com", "")) with { HtmlBody = "" };

        var result = await transport.SendAsync(message, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        var stored = await emulator.SingleEmailToAsync(to);
        Assert.Equal("plain@example.com", stored.From);
        Assert.Null(stored.Body.Html);
        Assert.Equal("Hello", stored.Body.Text);
    }

    [SkippableFact]
    public async Task SendAsync_EmulatorRefusesMessage_RejectedWithoutStoring()
    {
        var transport = Transport;
        var to = $"{Guid.NewGuid():N}@example.com";

        // The emulator answers 400 "Bad Request Exception" (no error type) to a message without From.
        var result = await transport.SendAsync(Messages.To(to, new Mailbox("", "")), CancellationToken.None);

        Assert.Equal(SendStatus.Rejected, result.Status);
        Assert.Null(result.MessageId);
        Assert.Equal("SES answered HTTP 400", result.Error);
        var store = await emulator.ReadStoreAsync();
        Assert.DoesNotContain(store.Emails, e => e.Destination.To.Contains(to));
    }

    [SkippableFact]
    public async Task GetQuotaAsync_Emulator_ReturnsConfiguredAccountNumbers()
    {
        var transport = Transport;

        var quota = await transport.GetQuotaAsync(CancellationToken.None);

        Assert.Equal(
            new TransportQuota(SesEmulatorFixture.MaxSendRate, SesEmulatorFixture.Max24HourSend, SesEmulatorFixture.SentLast24Hours),
            quota);
    }

    public void Dispose() => _services?.Dispose();
}
