using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Storage.Mongo.Documents;

namespace MassEmail.Storage.Mongo.Recipients.Criteria;

/// <summary>Where a criteria field lives in a <c>records</c> document.</summary>
internal static class RecordPaths
{
    private static readonly Dictionary<string, string> Standard = new(StringComparer.Ordinal)
    {
        [StandardFields.ExternalId] = RecordFields.ExternalId,
        [StandardFields.Name] = RecordFields.Name,
        [StandardFields.FirstName] = RecordFields.FirstName,
        [StandardFields.LastName] = RecordFields.LastName,
        [StandardFields.Email] = RecordFields.Email,
        [StandardFields.Phone] = RecordFields.Phone,
        [StandardFields.OwnerId] = RecordFields.OwnerId,
        [StandardFields.ClientId] = RecordFields.ClientExternalId,
        [StandardFields.EmailOptOut] = RecordFields.EmailOptOut,
        [StandardFields.CreatedTime] = RecordFields.CreatedAt,
        [StandardFields.UpdatedTime] = RecordFields.UpdatedAt,
    };

    public static string Of(FieldPath field) =>
        field.IsCustom ? RecordFields.CustomField(field.Name)
        : Standard.TryGetValue(field.Name, out var path) ? path
        : throw new ArgumentException($"'{field.Name}' is not a standard field.", nameof(field));
}
