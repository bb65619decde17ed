namespace MassEmail.Core.Deliverability;

/// <summary>
/// One email event the provider reported (SES, through SNS), reduced to what the service acts on.
/// </summary>
/// <param name="Kind">SES's event name: Bounce, Complaint, Delivery, Send, Reject, Open, Click, DeliveryDelay, ….</param>
/// <param name="ProviderMessageId">The provider's id of the message (SES <c>mail.messageId</c>), as the delivery stored it.</param>
/// <param name="OrgId">The organisation from the message's tags; null for mail the service did not send.</param>
/// <param name="SendId">The send from the message's tags, when it was a send's message.</param>
/// <param name="RecordId">The record from the message's tags, when it was a send's message.</param>
/// <param name="BounceSubType">SES's bounce subtype (General, NoEmail, Suppressed, OnAccountSuppressionList, MailboxFull, …).</param>
/// <param name="Recipients">The recipients the event is about, each with the provider's diagnostic, if any.</param>
public sealed record ProviderEvent(
    string Kind,
    string ProviderMessageId,
    string? OrgId,
    string? SendId,
    string? RecordId,
    BounceType Bounce,
    string BounceSubType,
    IReadOnlyList<(string Email, string Detail)> Recipients,
    DateTimeOffset At)
{
    public const string BounceKind = "Bounce";
    public const string ComplaintKind = "Complaint";

    /// <summary>SES never tried the address: it was on SES's own suppression list (not a new bounce).</summary>
    public bool NotAttempted => BounceSubType is "Suppressed" or "OnAccountSuppressionList";
}
