using System.Globalization;
using MassEmail.Core.Recipients;
using MassEmail.Core.Syncs;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// A record as a sync definition's field mapping sends it: each mapped local field's value under the vendor's field
/// name. The <c>email</c> mapping is the change's address, not a field; empty values are left out, so that a sync
/// never blanks a field the vendor holds.
/// </summary>
public static class SyncRunFields
{
    public static IReadOnlyDictionary<string, string> Of(RecipientRecord record, IReadOnlyList<SyncFieldMapping> mappings)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mapping in mappings)
        {
            if (mapping.LocalField == StandardFields.Email)
            {
                continue;
            }

            var value = ValueOf(record, mapping.LocalField);
            if (value.Length > 0)
            {
                fields[mapping.RemoteField] = value;
            }
        }

        return fields;
    }

    private static string ValueOf(RecipientRecord r, string field) => field switch
    {
        StandardFields.ExternalId => r.ExternalId,
        StandardFields.Name => r.Name,
        StandardFields.FirstName => r.FirstName,
        StandardFields.LastName => r.LastName,
        StandardFields.Phone => r.Phone,
        StandardFields.OwnerId => r.OwnerUserId ?? "",
        StandardFields.ClientId => r.ClientExternalId ?? "",
        StandardFields.EmailOptOut => r.EmailOptOut ? "true" : "false",
        StandardFields.CreatedTime => r.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        StandardFields.UpdatedTime => r.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
        _ => r.Custom.TryGetValue(field, out var value) && !value.IsEmpty ? value.ToString() : "",
    };
}
