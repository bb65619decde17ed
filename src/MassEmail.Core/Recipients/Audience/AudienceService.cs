using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Recipients.Records;
using MassEmail.Core.Recipients.Views;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Recipients.Audience;

/// <summary>Turns an audience source into a store query, and previews it.</summary>
public sealed class AudienceService(
    IAudienceStore audiences, ICustomViewStore views, IMailingListStore lists, IRecordStore recordStore, RecordService records, TimeProvider time)
{
    public const int MaxSample = 500;
    public const int MaxRecordIds = 10_000;

    public async Task<AudiencePreview> PreviewAsync(Caller caller, RecordModule module, AudienceSource source, int sampleSize, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        if (sampleSize is < 0 or > MaxSample)
        {
            throw new ValidationException("sample_size", $"must be between 0 and {MaxSample}");
        }

        var query = await ResolveRequestedAsync(caller, module, source, ct);
        var counts = await audiences.CountAsync(query, ct);
        var sample = sampleSize == 0 ? [] : await audiences.SampleAsync(query, sampleSize, ct);
        return new AudiencePreview(counts, sample);
    }

    /// <summary>
    /// The store query for an audience a caller asks for now (a preview, a send being started): as
    /// <see cref="ResolveAsync"/>, and every record id must name a record of <paramref name="module"/> in the
    /// caller's organisation, else nobody would learn that part of the audience is missing. Violations name
    /// fields under <c>audience.</c>, the field of every request that carries an audience.
    /// </summary>
    public async Task<AudienceQuery> ResolveRequestedAsync(Caller caller, RecordModule module, AudienceSource source, CancellationToken ct)
    {
        try
        {
            var query = await ResolveAsync(caller, module, source, ct);
            if (source is RecordsAudience r)
            {
                var existing = await recordStore.FindExistingAsync(caller.OrgId, module, query.RecordIds!, ct);
                UnknownRecordIds.ThrowIfAny(r.RecordIds, existing, module, i => $"record_ids.ids[{i}]");
            }

            return query;
        }
        catch (ValidationException e)
        {
            throw e.WithPrefix("audience.");
        }
    }

    /// <summary>
    /// The store query for <paramref name="source"/>; views and lists must belong to <paramref name="module"/>.
    /// A started send's audience is resolved again by its snapshot: records deleted since the start are then
    /// simply not in it.
    /// </summary>
    public async Task<AudienceQuery> ResolveAsync(Caller caller, RecordModule module, AudienceSource source, CancellationToken ct)
    {
        switch (source)
        {
            case ViewAudience v:
                var view = await views.GetAsync(caller.OrgId, v.ViewId, ct) ?? throw new NotFoundException("custom view", v.ViewId);
                RequireModule(view.Module, module, "view_id");
                return new(caller.OrgId, module, await FilterAsync(caller, module, CriteriaJson.Deserialize(view.CriteriaJson), ct), null, null, false);
            case CriteriaAudience c:
                return new(caller.OrgId, module, await FilterAsync(caller, module, c.Criteria, ct), null, null, false);
            case ListAudience l:
                var list = await lists.GetAsync(caller.OrgId, l.ListId, ct) ?? throw new NotFoundException("mailing list", l.ListId);
                RequireModule(list.Module, module, "list_id");
                var filter = list.IsDynamic ? await FilterAsync(caller, module, CriteriaJson.Deserialize(list.CriteriaJson!), ct) : null;
                return new(caller.OrgId, module, filter, null, list.Id, !list.IsDynamic);
            case RecordsAudience r:
                if (r.RecordIds.Count is 0 or > MaxRecordIds || r.RecordIds.Any(id => !Ids.IsWellFormed(id)))
                {
                    throw new ValidationException("record_ids", $"1 to {MaxRecordIds} well-formed record ids");
                }

                return new(caller.OrgId, module, null, r.RecordIds.Distinct().ToList(), null, false);
            default:
                throw new ValidationException("audience", "a view, criteria, a list or record ids is required");
        }
    }

    private async Task<Filter> FilterAsync(Caller caller, RecordModule module, CriteriaNode criteria, CancellationToken ct) =>
        CriteriaResolver.Resolve(criteria, await records.CatalogAsync(caller.OrgId, module, ct), time.GetUtcNow());

    private static void RequireModule(RecordModule actual, RecordModule wanted, string field)
    {
        if (actual != wanted)
        {
            throw new ValidationException(field, $"belongs to {actual}, not {wanted}");
        }
    }
}
