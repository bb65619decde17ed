using MassEmail.Core.Recipients;

namespace MassEmail.Storage.Sqlite.Recipients.Criteria;

/// <summary>The <c>records</c> column behind each of <see cref="StandardFields"/>.</summary>
internal static class StandardColumns
{
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        [StandardFields.ExternalId] = "external_id",
        [StandardFields.Name] = "name",
        [StandardFields.FirstName] = "first_name",
        [StandardFields.LastName] = "last_name",
        [StandardFields.Email] = "email",
        [StandardFields.Phone] = "phone",
        [StandardFields.OwnerId] = "owner_user_id",
        [StandardFields.ClientId] = "client_external_id",
        [StandardFields.EmailOptOut] = "email_opt_out",
        [StandardFields.CreatedTime] = "created_at",
        [StandardFields.UpdatedTime] = "updated_at",
    };

    public static string For(string field) =>
        Columns.TryGetValue(field, out var column) ? column : throw new ArgumentException($"'{field}' is not a standard field.", nameof(field));
}
