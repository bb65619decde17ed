using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Recipients.Records;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Recipients.Views;

/// <summary>Use cases of custom views: named criteria per module, checked against the module's fields when saved.</summary>
public sealed class CustomViewService(ICustomViewStore views, RecordService records, TimeProvider time)
{
    private const string Resource = "custom view";

    public async Task<CustomView> CreateAsync(Caller caller, RecordModule module, string name, CriteriaNode criteria, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        await CheckAsync(caller, module, name, criteria, ct);
        var now = time.GetUtcNowMs();
        var view = new CustomView(Ids.New(time), caller.OrgId, module, name.Trim(), CriteriaJson.Serialize(criteria), 1, now, now);
        await views.InsertAsync(view, ct);
        return view;
    }

    public async Task<CustomView> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        return await views.GetAsync(caller.OrgId, id, ct) ?? throw new NotFoundException(Resource, id);
    }

    public Task<IReadOnlyList<CustomView>> ListAsync(Caller caller, RecordModule? module, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsRead);
        return views.ListAsync(caller.OrgId, module, ct);
    }

    /// <summary>
    /// Replaces the view's name and criteria. Its module is fixed at creation: <paramref name="module"/> may
    /// repeat it (or be null), never change it.
    /// </summary>
    public async Task<CustomView> UpdateAsync(
        Caller caller, string id, long expectedVersion, RecordModule? module, string name, CriteriaNode criteria, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        var current = await views.GetAsync(caller.OrgId, id, ct) ?? throw new NotFoundException(Resource, id);
        if (current.Version != expectedVersion)
        {
            throw new VersionConflictException(Resource, id, expectedVersion);
        }

        if (module is { } wanted && wanted != current.Module)
        {
            throw new ValidationException("module", $"cannot change: the view belongs to {current.Module}");
        }

        await CheckAsync(caller, current.Module, name, criteria, ct);
        var next = current with { Name = name.Trim(), CriteriaJson = CriteriaJson.Serialize(criteria), Version = current.Version + 1, UpdatedAt = time.GetUtcNowMs() };
        return await views.ReplaceAsync(next, expectedVersion, ct) switch
        {
            WriteOutcome.Done => next,
            WriteOutcome.NotFound => throw new NotFoundException(Resource, id),
            _ => throw new VersionConflictException(Resource, id, expectedVersion),
        };
    }

    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.RecipientsWrite);
        if (!await views.DeleteAsync(caller.OrgId, id, ct))
        {
            throw new NotFoundException(Resource, id);
        }
    }

    private async Task CheckAsync(Caller caller, RecordModule module, string name, CriteriaNode criteria, CancellationToken ct)
    {
        var violations = new List<FieldViolation>();
        TemplateValidator.CheckName(name, "name", violations);
        try
        {
            CriteriaResolver.Resolve(criteria, await records.CatalogAsync(caller.OrgId, module, ct), time.GetUtcNow());
        }
        catch (ValidationException e)
        {
            violations.AddRange(e.Violations);
        }

        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }
    }
}
