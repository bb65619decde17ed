using System.Text.Json;

namespace MassEmail.Server.Http.Sns;

/// <summary>An SNS HTTP(S) message: a notification, or a subscription or unsubscription confirmation.</summary>
internal sealed record SnsMessage(
    string Type,
    string MessageId,
    string TopicArn,
    string Message,
    string Timestamp,
    string SignatureVersion,
    string Signature,
    string SigningCertUrl,
    string? Subject,
    string? Token,
    string? SubscribeUrl)
{
    public const string Notification = "Notification";
    public const string SubscriptionConfirmation = "SubscriptionConfirmation";
    public const string UnsubscribeConfirmation = "UnsubscribeConfirmation";

    /// <summary>The message, or null when the body is not a well-formed SNS message of a known type.</summary>
    public static SnsMessage? Parse(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var root = doc.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var type = Text("Type");
            var confirmation = type is SubscriptionConfirmation or UnsubscribeConfirmation;
            if (type is not (Notification or SubscriptionConfirmation or UnsubscribeConfirmation)
                || Text("MessageId") is not { Length: > 0 and <= 200 } messageId
                || Text("TopicArn") is not { Length: > 0 } topicArn
                || Text("Message") is not { } message
                || Text("Timestamp") is not { Length: > 0 } timestamp
                || Text("SignatureVersion") is not { } version
                || Text("Signature") is not { Length: > 0 } signature
                || Text("SigningCertURL") is not { Length: > 0 } certUrl
                || (confirmation && (Text("Token") is null || Text("SubscribeURL") is null)))
            {
                return null;
            }

            return new SnsMessage(type, messageId, topicArn, message, timestamp, version, signature, certUrl, Text("Subject"), Text("Token"), Text("SubscribeURL"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The string SNS signs: <c>name\nvalue\n</c> for each field in the documented order. A notification signs
    /// Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type; a confirmation signs Message,
    /// MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
    /// </summary>
    public string StringToSign()
    {
        (string Name, string? Value)[] fields = Type == Notification
            ? [("Message", Message), ("MessageId", MessageId), ("Subject", Subject), ("Timestamp", Timestamp), ("TopicArn", TopicArn), ("Type", Type)]
            : [("Message", Message), ("MessageId", MessageId), ("SubscribeURL", SubscribeUrl), ("Timestamp", Timestamp), ("Token", Token), ("TopicArn", TopicArn), ("Type", Type)];
        return string.Concat(fields.Where(f => f.Value is not null).Select(f => $"{f.Name}\n{f.Value}\n"));
    }
}
