using MassEmail.Core.Recipients.Audience;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;

namespace MassEmail.Storage.Mongo.Recipients.Audience;

/// <summary>The elements of a record an audience member is made of, and the member read from them.</summary>
internal static class AudienceMembers
{
    public static BsonDocument Projection()
    {
        var projection = new BsonDocument
        {
            [RecordFields.Id] = 1,
            [RecordFields.ExternalId] = 1,
            [RecordFields.FirstName] = 1,
            [RecordFields.LastName] = 1,
            [RecordFields.Email] = 1,
            [RecordFields.EmailNormalized] = 1,
            [RecordFields.EmailKey] = 1,
            [RecordFields.OwnerId] = 1,
            [RecordFields.EmailInvalidReason] = 1,
        };
        foreach (var field in AudienceSkips.Fields)
        {
            projection[field] = 1;
        }

        return projection;
    }

    public static string Id(BsonDocument record) => record[RecordFields.Id].AsObjectId.ToString();

    public static string EmailKey(BsonDocument record) => Text(record, RecordFields.EmailKey);

    public static AudienceMember ToMember(BsonDocument record, SkipReason skip) => new(
        Id(record),
        Text(record, RecordFields.ExternalId),
        Text(record, RecordFields.FirstName),
        Text(record, RecordFields.LastName),
        Text(record, RecordFields.Email),
        Text(record, RecordFields.EmailNormalized),
        record.GetValue(RecordFields.OwnerId, BsonNull.Value) is BsonString owner ? owner.Value : null,
        skip,
        Text(record, RecordFields.EmailInvalidReason));

    private static string Text(BsonDocument record, string name) =>
        record.GetValue(name, BsonNull.Value) is BsonString text ? text.Value : "";
}
