namespace MassEmail.Core.Recipients.Records;

/// <summary>
/// The custom field definitions of one organisation, loaded once per import and extended as new
/// fields appear (the first type a field is written with becomes its type, in every store).
/// </summary>
public sealed class CustomFieldCache(ICustomFieldStore store, string orgId, TimeProvider time)
{
    private readonly Dictionary<RecordModule, Dictionary<string, FieldType>> byModule = [];

    public async Task<IReadOnlyDictionary<string, FieldType>> GetAsync(RecordModule module, CancellationToken ct)
    {
        if (!byModule.TryGetValue(module, out var types))
        {
            types = (await store.ListAsync(orgId, module, ct)).ToDictionary(d => d.Name, d => d.Type, StringComparer.Ordinal);
            byModule[module] = types;
        }

        return types;
    }

    /// <summary>Defines fields not known yet and returns the types the store settled on.</summary>
    public async Task<IReadOnlyDictionary<string, FieldType>> EnsureAsync(RecordModule module, IReadOnlyDictionary<string, FieldType> wanted, CancellationToken ct)
    {
        var known = await GetAsync(module, ct);
        var missing = wanted.Where(w => !known.ContainsKey(w.Key)).ToList();
        if (missing.Count == 0)
        {
            return known;
        }

        foreach (var (name, type) in missing)
        {
            await store.DefineAsync(new CustomFieldDefinition(orgId, module, name, type, time.GetUtcNowMs()), ct);
        }

        // Another writer may have defined some of them first with another type: re-read.
        byModule.Remove(module);
        return await GetAsync(module, ct);
    }
}
