using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Suppressions;

namespace MassEmail.Core.Autoresponders;

/// <summary>
/// Whether enrolled records may still get a step: still in the trigger's list or view, with a valid address, not opted
/// out, not unsubscribed from the list, not suppressed. Evaluated in the store as an audience of the records.
/// </summary>
public sealed class StopChecks(IAudienceStore audienceStore, AudienceService audiences, IRecordStore records, ISuppressionStore suppressions)
{
    /// <summary>The store query of the autoresponder's trigger (its list's members or its view's records).</summary>
    public Task<AudienceQuery> TriggerQueryAsync(Autoresponder a, CancellationToken ct) =>
        audiences.ResolveAsync(AutoresponderRunner.CallerOf(a), a.Module,
            a.Trigger.Kind == TriggerKind.List ? new ListAudience(a.Trigger.TargetId) : new ViewAudience(a.Trigger.TargetId), ct);

    /// <summary>The records that may get the next step, and those that stop with the reason.</summary>
    public async Task<(IReadOnlyList<string> Keep, IReadOnlyList<(string RecordId, string Reason)> Stops)> CheckAsync(
        Autoresponder a, IReadOnlyList<string> recordIds, CancellationToken ct)
    {
        var list = a.Trigger.Kind == TriggerKind.List;
        AudienceQuery trigger;
        try
        {
            trigger = await TriggerQueryAsync(a, ct);
        }
        catch (Errors.NotFoundException)
        {
            return ([], [.. recordIds.Select(id => (id, list ? "the mailing list was deleted" : "the custom view was deleted"))]);
        }

        var members = (await audienceStore.SampleAsync(trigger with { RecordIds = recordIds }, recordIds.Count, ct)).ToDictionary(m => m.RecordId);
        var emailKeys = (await records.GetManyAsync(a.OrgId, [.. members.Keys], ct)).ToDictionary(r => r.Id, r => r.EmailKey);
        var suppressed = await suppressions.FindSuppressedAsync(a.OrgId, [.. emailKeys.Values.Where(k => k.Length > 0).Distinct()], ct);
        List<string> keep = [];
        List<(string, string)> stops = [];
        foreach (var id in recordIds)
        {
            var reason = !members.TryGetValue(id, out var m) ? (list ? "left the mailing list (or was deleted)" : "no longer matches the custom view (or was deleted)")
                : m.Skip switch
                {
                    SkipReason.NoEmail => "the record has no email address",
                    SkipReason.InvalidEmail => "the record's email address is invalid",
                    SkipReason.OptedOut => "the record opted out of email",
                    SkipReason.UnsubscribedFromList => "unsubscribed from the mailing list",
                    _ when emailKeys.TryGetValue(id, out var key) && suppressed.Contains(key) => "the address is suppressed",
                    _ => null,
                };
            if (reason is null)
            {
                keep.Add(id);
            }
            else
            {
                stops.Add((id, reason));
            }
        }

        return (keep, stops);
    }
}
