namespace MassEmail.Core.Deliverability;

/// <summary>
/// What the provider reported about one recipient of one message of a send (a bounce of any type, a complaint, a
/// delivery, an open, a click, …), kept with the send and the provider's message id, which the delivery row holds too.
/// One row per (provider event, recipient): a retried event is recorded once.
/// </summary>
/// <param name="EventId">The provider's id of the event (the SNS MessageId).</param>
/// <param name="EmailKey">The recipient's address key.</param>
/// <param name="Kind">SES's event name (Bounce, Complaint, Delivery, Open, Click, …).</param>
/// <param name="SubType">The bounce subtype or complaint feedback type, when there is one.</param>
public sealed record DeliveryEvent(
    string OrgId, string SendId, string EventId, string EmailKey, string ProviderMessageId, string Kind, BounceType Bounce, string SubType, DateTimeOffset At)
{
    /// <summary>
    /// Our own event beside SES's: the recipient unsubscribed (left the list or opted out) through the send's link.
    /// Its event id names the record, so a recipient is counted once per send however often they click.
    /// </summary>
    public const string UnsubscribeKind = "Unsubscribe";
}
