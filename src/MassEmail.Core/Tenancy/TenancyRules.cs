using MassEmail.Core.Email;
using MassEmail.Core.Errors;
using MassEmail.Core.Templates;

namespace MassEmail.Core.Tenancy;

/// <summary>Value rules shared by organisation and user use cases.</summary>
internal static class TenancyRules
{
    public static void CheckEmail(string email, string field, List<FieldViolation> v)
    {
        if (!EmailAddressParser.TryNormalize(email, out _, out var error))
        {
            v.Add(new(field, $"is not a valid email address: it {error}"));
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
        TemplateValidator.CheckName(name, "name", v);
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
