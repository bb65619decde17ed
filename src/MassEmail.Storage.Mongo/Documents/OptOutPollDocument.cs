using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// An <c>opt_out_polls</c> document: _id derived from (organisation, connection, remote list), the vendor's opt-out
/// cursor, and the poll's lease (<c>next_at</c>: the lease's end while held, the next poll time once released).
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class OptOutPollDocument
{
    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("org_id")]
    [BsonRepresentation(BsonType.ObjectId)]
    public string OrgId { get; set; } = "";

    [BsonElement("connection_id")]
    public string ConnectionId { get; set; } = "";

    [BsonElement("remote_list_id")]
    public string RemoteListId { get; set; } = "";

    [BsonElement("cursor")]
    public string? Cursor { get; set; }

    [BsonElement("holder")]
    public string? Holder { get; set; }

    [BsonElement("next_at")]
    [BsonRepresentation(BsonType.DateTime)]
    public DateTimeOffset? NextAt { get; set; }

    public static ObjectId IdOf(string orgId, string connectionId, string remoteListId) =>
        DerivedIds.Of("opt_out_poll", $"{orgId}\n{connectionId}\n{remoteListId}");
}
