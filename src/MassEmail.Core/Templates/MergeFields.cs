using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Templates;

/// <summary>The merge-field dictionaries of the owner and organisation, with the names templates use.</summary>
public static class MergeFields
{
    public static IReadOnlyDictionary<string, object?> Of(User user) => new Dictionary<string, object?>
    {
        ["first_name"] = user.FirstName,
        ["last_name"] = user.LastName,
        ["full_name"] = $"{user.FirstName} {user.LastName}".Trim(),
        ["email"] = user.Email,
    };

    public static IReadOnlyDictionary<string, object?> Of(Organisation org) => new Dictionary<string, object?>
    {
        ["name"] = org.Name,
        ["email"] = org.Email,
        ["postal_address"] = org.PostalAddress.ToString(),
    };
}
