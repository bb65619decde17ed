using System.Text.RegularExpressions;
using MassEmail.Core.Email;
using MassEmail.Core.Errors;

namespace MassEmail.Core.Recipients.Records;

/// <summary>
/// Turns a <see cref="RecordInput"/> into a storable record, or says which fields are wrong.
/// Invalid email addresses are not errors: the record is kept and flagged, and never mailed.
/// </summary>
internal static partial class RecordValidator
{
    /// <summary>Replaces the content of <paramref name="errors"/> with what is wrong in <paramref name="r"/> (one list serves a batch).</summary>
    public static void Check(RecordModule module, RecordInput r, List<(string Field, string Reason)> errors)
    {
        errors.Clear();
        void Len(string value, int max, string field)
        {
            if (value.Length > max)
            {
                errors.Add((field, $"must be at most {max} characters"));
            }
        }

        if (string.IsNullOrWhiteSpace(r.ExternalId))
        {
            errors.Add(("external_id", "is required"));
        }

        Len(r.ExternalId, RecordLimits.MaxExternalIdLength, "external_id");
        Len(r.Name, RecordLimits.MaxNameLength, "name");
        Len(r.FirstName, RecordLimits.MaxNameLength, "first_name");
        Len(r.LastName, RecordLimits.MaxNameLength, "last_name");
        Len(r.Phone, RecordLimits.MaxPhoneLength, "phone");
        Len(r.Email, RecordLimits.MaxEmailLength, "email");
        Len(r.ClientExternalId, RecordLimits.MaxExternalIdLength, "client_id");
        if (r.OwnerUserId.Length > 0 && !Ids.IsWellFormed(r.OwnerUserId))
        {
            errors.Add(("owner_id", "is not a valid user id"));
        }

        if (module == RecordModule.Clients && r.ClientExternalId.Length > 0)
        {
            errors.Add(("client_id", "clients have no related client"));
        }

        if (r.Custom.Count > RecordLimits.MaxCustomFields)
        {
            errors.Add(("custom", $"at most {RecordLimits.MaxCustomFields} custom fields"));
        }

        foreach (var (name, value) in r.Custom)
        {
            if (name.Length > RecordLimits.MaxCustomFieldNameLength)
            {
                errors.Add(($"custom.{InputText.Quote(name, RecordLimits.MaxCustomFieldNameLength)}", $"custom field names are at most {RecordLimits.MaxCustomFieldNameLength} characters"));
            }
            else if (!CustomName().IsMatch(name) || StandardFields.IsStandard(name))
            {
                errors.Add(($"custom.{InputText.Quote(name)}", "custom field names are lower snake_case (a-z, 0-9, _), start with a letter, and are not standard field names"));
            }
            else if ((value.Type == FieldType.String && value.Text.Length > RecordLimits.MaxCustomTextLength)
                || (value.Type == FieldType.List && (value.List.Count > RecordLimits.MaxListItems || HasLongItem(value.List))))
            {
                errors.Add(($"custom.{name}", "is too large"));
            }
            else if (value.Type is FieldType.Number or FieldType.Date && !double.IsFinite(value.Number))
            {
                errors.Add(($"custom.{name}", "must be a finite number"));
            }
        }
    }

    public static RecipientRecord ToRecord(string id, string orgId, RecordModule module, RecordInput r, DateTimeOffset now)
    {
        var email = r.Email.Trim();
        var status = EmailStatus.Missing;
        var normalized = "";
        var reason = "";
        if (email.Length > 0)
        {
            status = EmailAddressParser.TryNormalize(email, out normalized, out reason) ? EmailStatus.Valid : EmailStatus.Invalid;
        }

        return new RecipientRecord(
            id, orgId, module, r.ExternalId.Trim(), r.Name.Trim(), r.FirstName.Trim(), r.LastName.Trim(),
            email, status == EmailStatus.Valid ? normalized : "", status,
            status == EmailStatus.Valid ? EmailAddressParser.DuplicateKey(normalized) : "", reason,
            r.Phone.Trim(), r.OwnerUserId.Length > 0 ? r.OwnerUserId : null, r.ClientExternalId.Length > 0 ? r.ClientExternalId.Trim() : null,
            r.EmailOptOut, r.Custom, ContentHash.Of(module, r), now, now);
    }

    private static bool HasLongItem(IReadOnlyList<string> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Length > RecordLimits.MaxNameLength)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CustomName();
}
