using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Templates;

namespace MassEmail.Ses.Tests.Infrastructure;

/// <summary>Outgoing messages as the send pipeline builds them.</summary>
internal static class Messages
{
    public static OutgoingMessage To(string to, Mailbox? from = null) => new(
        From: from ?? new Mailbox("sender@example.com", "Sender"),
        ReplyTo: [],
        To: to,
        Subject: "Hello",
        HtmlBody: "<p>Hello</p>",
        TextBody: "Hello",
        Headers: [],
        Tags: new Dictionary<string, string>());
}
