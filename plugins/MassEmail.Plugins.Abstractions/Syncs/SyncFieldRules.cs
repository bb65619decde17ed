using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Syncs;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// The rules of a sync's field mapping: at most <see cref="MaxFields"/> mappings, each from a known local field (a
/// standard one, or a custom field of the module) to a vendor field name of 1 to <see cref="MaxRemoteFieldLength"/>
/// characters; no vendor field written twice (case-insensitive, as vendors compare their field names); <c>email</c>
/// mapped (it is the contact's identity at the vendor).
/// </summary>
public static class SyncFieldRules
{
    public const int MaxFields = 50;
    public const int MaxRemoteFieldLength = 100;
    public const int MaxRemoteListIdLength = 200;

    public static void Check(IReadOnlyList<SyncFieldMapping> fields, IReadOnlyDictionary<string, FieldType> custom, List<FieldViolation> violations)
    {
        if (fields.Count > MaxFields)
        {
            violations.Add(new("fields", $"at most {MaxFields} mappings are allowed"));
            return;
        }

        var targets = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Count; i++)
        {
            var (local, remote) = (fields[i].LocalField, fields[i].RemoteField);
            if (!StandardFields.IsStandard(local) && !custom.ContainsKey(local))
            {
                violations.Add(new($"fields[{i}].local_field", local.Length == 0
                    ? "is required (a standard field such as first_name, or a custom field of the module)"
                    : $"{InputText.Quote(local)} is neither a standard field nor a custom field of the module"));
            }

            if (remote.Trim().Length == 0 || remote.Length > MaxRemoteFieldLength || remote.Any(char.IsControl))
            {
                violations.Add(new($"fields[{i}].remote_field", $"1 to {MaxRemoteFieldLength} characters without control characters are required"));
            }
            else if (!targets.TryAdd(remote, i))
            {
                violations.Add(new($"fields[{i}].remote_field", $"{InputText.Quote(remote)} is already the target of fields[{targets[remote]}]"));
            }
        }

        if (!fields.Any(f => f.LocalField == StandardFields.Email))
        {
            violations.Add(new("fields", "email must be mapped: it is the contact's identity at the vendor"));
        }
    }
}
