using MassEmail.Core.Deliverability;
using MassEmail.Core.Sending;

namespace MassEmail.Core.OptOut;

/// <summary>
/// Counts an unsubscribe against the mass send whose link the recipient followed (the send's "unsubscribed"
/// engagement): one <see cref="DeliveryEvent.UnsubscribeKind"/> event per record and send, so a second click or a
/// later change on the preference page does not count again. Links of individual emails name no mass send and count
/// nowhere. The change itself is already stored (the consent history): this count comes after it, and a crash in
/// between loses only the count, never the unsubscribe.
/// </summary>
public sealed class SendUnsubscribes(IMassSendStore sends, IDeliveryEventStore events, TimeProvider time)
{
    public async Task RecordAsync(OptOutSubject subject, string source, CancellationToken ct)
    {
        if (await sends.GetAsync(subject.Org.Id, subject.SendId, ct) is null)
        {
            return;
        }

        var record = subject.Record;
        var key = string.IsNullOrEmpty(record.EmailKey) ? record.Id : record.EmailKey;
        await events.RecordAsync(
            [new DeliveryEvent(subject.Org.Id, subject.SendId, $"unsubscribe:{record.Id}", key, "", DeliveryEvent.UnsubscribeKind, BounceType.None, source, time.GetUtcNowMs())],
            ct);
    }
}
