using MassEmail.Core.Email;
using MassEmail.Core.Errors;
using MassEmail.Core.Templates;

namespace MassEmail.Core.Tenancy;

/// <summary>Value rules shared by organisation and user use cases.</summary>
internal static class TenancyRules
{
    public static void CheckEmail(string email, string field, List<FieldViolation> v) => MailboxRules.CheckAddress(email, field, v);

    /// <summary>A first or last name of a user: it becomes part of a From display name (account and record owner choices).</summary>
    public static void CheckPersonName(string value, string field, List<FieldViolation> v)
    {
        var count = v.Count;
        CheckText(value, field, 200, false, v);
        if (v.Count == count)
        {
            MailboxRules.CheckDisplayName(value, field, v);
        }
    }

    public static void CheckText(string value, string field, int max, bool required, List<FieldViolation> v)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            v.Add(new(field, "is required"));
        }
        else if (value.Length > max)
        {
            v.Add(new(field, $"must be at most {max} characters"));
        }
    }

    public static void CheckOrganisation(string name, string email, PostalAddress address, List<FieldViolation> v)
    {
        var count = v.Count;
        TemplateValidator.CheckName(name, "name", v);
        if (v.Count == count)
        {
            // The organisation's name is the display name of the organisation's From choice.
            MailboxRules.CheckDisplayName(name.Trim(), "name", v);
        }

        CheckEmail(email, "email", v);
        CheckText(address.Street, "postal_address.street", 500, false, v);
        CheckText(address.City, "postal_address.city", 200, false, v);
        CheckText(address.Region, "postal_address.region", 200, false, v);
        CheckText(address.PostalCode, "postal_address.postal_code", 40, false, v);
        if (address.Country.Length is not (0 or 2) || !address.Country.All(char.IsAsciiLetterUpper))
        {
            v.Add(new("postal_address.country", "must be an ISO 3166-1 alpha-2 code such as DE"));
        }
    }

    public static void ThrowIfAny(List<FieldViolation> v)
    {
        if (v.Count > 0)
        {
            throw new ValidationException(v);
        }
    }
}
