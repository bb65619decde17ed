namespace MassEmail.Core.Sending.Transport;

/// <summary>
/// One rendered email to one recipient, ready for a transport. Addresses are already validated;
/// header values never contain CR or LF.
/// </summary>
/// <param name="From">The From mailbox.</param>
/// <param name="ReplyTo">Reply-To addresses (may be empty).</param>
/// <param name="To">The single recipient address.</param>
/// <param name="Headers">Extra headers such as List-Unsubscribe and List-Unsubscribe-Post.</param>
/// <param name="Tags">Transport tags (SES message tags), e.g. organisation and send id.</param>
public sealed record OutgoingMessage(
    Templates.Mailbox From,
    IReadOnlyList<string> ReplyTo,
    string To,
    string Subject,
    string HtmlBody,
    string TextBody,
    IReadOnlyList<MessageHeader> Headers,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>A header to add to a message.</summary>
public sealed record MessageHeader(string Name, string Value);
