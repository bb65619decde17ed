using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// A <c>store_upgrades</c> document: how far one start-up upgrade of existing documents has got, so that an upgrade a
/// stopped process left half done resumes where it was and a finished one is not run again. Its <c>_id</c> is derived from the upgrade's name (<see cref="IdOf"/>), which it also holds.
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class StoreUpgradeDocument
{
    public const string AfterField = "after";
    public const string DoneField = "done";

    [BsonId]
    public ObjectId Id { get; set; }

    [BsonElement("name")]
    public string Name { get; set; } = "";

    /// <summary>The largest <c>_id</c> of the upgraded collection done so far (every smaller one is done too); null before the first batch.</summary>
    [BsonElement(AfterField)]
    public ObjectId? After { get; set; }

    [BsonElement(DoneField)]
    public bool Done { get; set; }

    public static ObjectId IdOf(string name) => DerivedIds.Of("store_upgrade", name);
}
