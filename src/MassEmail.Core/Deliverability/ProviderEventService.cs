using MassEmail.Core.Consent;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Suppressions;

namespace MassEmail.Core.Deliverability;

/// <summary>
/// Applies the provider's events: a permanent bounce suppresses the address (also when SES never tried it because the
/// address is on SES's own suppression list: recorded and suppressed, not counted as a new bounce); a complaint
/// suppresses the address and opts the record the message went to out of all mass email. Every event about a send's
/// message (any bounce, complaint, delivery, open, click) is recorded with the send (<see cref="IDeliveryEventStore"/>),
/// keyed by the provider's message id the delivery holds. Each effect is idempotent and
/// the event is marked processed only after they are applied, so a kill at any line leaves an event that SNS's retry
/// applies again, and a duplicate that arrives later is skipped.
/// </summary>
public sealed class ProviderEventService(
    SuppressionService suppressions, IRecordStore records, IProcessedEventStore processed, IDeliveryEventStore deliveryEvents, ConsentService consent, TimeProvider time)
{
    public const string BounceSource = "ses-bounce";
    public const string ComplaintSource = "ses-complaint";

    /// <summary>Applies the event unless <paramref name="eventId"/> was applied before; false for a duplicate.</summary>
    public async Task<bool> ApplyAsync(string eventId, ProviderEvent e, CancellationToken ct)
    {
        if (await processed.IsProcessedAsync(eventId, ct))
        {
            return false;
        }

        if (e.OrgId is { } orgId && Ids.IsWellFormed(orgId))
        {
            if (e.Kind == ProviderEvent.BounceKind && e.Bounce == BounceType.Permanent)
            {
                await SuppressAsync(orgId, e, SuppressionReason.Bounce, BounceSource, ct);
            }
            else if (e.Kind == ProviderEvent.ComplaintKind)
            {
                var keys = await SuppressAsync(orgId, e, SuppressionReason.Complaint, ComplaintSource, ct);
                if (e.RecordId is { } recordId && Ids.IsWellFormed(recordId)
                    && await records.GetAsync(orgId, recordId, ct) is { } record && keys.Contains(record.EmailKey))
                {
                    await consent.ChangeAsync(orgId, record.Id, null, ConsentKind.OptedOut, ConsentSource.Complaint, ct);
                }
            }

            if (e.SendId is { } sendId && Ids.IsWellFormed(sendId))
            {
                await RecordAsync(orgId, sendId, eventId, e, ct);
            }
        }

        await processed.MarkProcessedAsync(eventId, e.Kind, time.GetUtcNowMs(), ct);
        return true;
    }

    private async Task RecordAsync(string orgId, string sendId, string eventId, ProviderEvent e, CancellationToken ct)
    {
        List<DeliveryEvent> rows = [];
        foreach (var key in e.Recipients.Select(r => EmailKey(r.Email)).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            rows.Add(new DeliveryEvent(orgId, sendId, eventId, key, e.ProviderMessageId, e.Kind, e.Bounce, e.BounceSubType, e.At));
        }

        await deliveryEvents.RecordAsync(rows, ct);
    }

    private static string? EmailKey(string email)
    {
        try
        {
            return SuppressionService.Parse(email, "email").Key;
        }
        catch (ValidationException)
        {
            return null;
        }
    }

    /// <summary>Suppresses every valid recipient address; returns their keys.</summary>
    private async Task<HashSet<string>> SuppressAsync(string orgId, ProviderEvent e, SuppressionReason reason, string source, CancellationToken ct)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (email, detail) in e.Recipients)
        {
            try
            {
                var text = e.BounceSubType.Length > 0 ? $"{e.BounceSubType}: {detail}".TrimEnd(' ', ':') : detail;
                var (stored, _) = await suppressions.SuppressAsync(orgId, email, reason, source, text.Length > 1000 ? text[..1000] : text, ct);
                keys.Add(stored.EmailKey);
            }
            catch (ValidationException)
            {
                // Not an address the service could have mailed: nothing to suppress.
            }
        }

        return keys;
    }
}
