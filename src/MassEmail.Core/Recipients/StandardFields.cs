using MassEmail.Core.Recipients.Criteria;

namespace MassEmail.Core.Recipients;

/// <summary>The fields every record has, by the names criteria, views and merge fields use.</summary>
public static class StandardFields
{
    public const string ExternalId = "external_id";
    public const string Name = "name";
    public const string FirstName = "first_name";
    public const string LastName = "last_name";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string OwnerId = "owner_id";
    public const string ClientId = "client_id";
    public const string EmailOptOut = "email_opt_out";
    public const string CreatedTime = "created_time";
    public const string UpdatedTime = "updated_time";

    public static readonly IReadOnlyDictionary<string, FieldType> Types = new Dictionary<string, FieldType>(StringComparer.Ordinal)
    {
        [ExternalId] = FieldType.String,
        [Name] = FieldType.String,
        [FirstName] = FieldType.String,
        [LastName] = FieldType.String,
        [Email] = FieldType.String,
        [Phone] = FieldType.String,
        [OwnerId] = FieldType.String,
        [ClientId] = FieldType.String,
        [EmailOptOut] = FieldType.Bool,
        [CreatedTime] = FieldType.Date,
        [UpdatedTime] = FieldType.Date,
    };

    public static bool IsStandard(string name) => Types.ContainsKey(name);

    public static FieldPath Path(string name) => new(name, false, Types[name]);
}
