using MassEmail.Storage.Mongo;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo;

/// <summary>
/// The collections that decide who may call and who is sent what read from the primary and write with a
/// majority, even when the connection string asks for secondaries and unacknowledged writes; the others follow
/// the connection string. No server needed: a client connects only when first used.
/// </summary>
public sealed class MongoCollectionsConcernTests
{
    private const string LaxUri = "mongodb://127.0.0.1:1/?w=1&readPreference=secondaryPreferred";

    private static readonly MongoCollections Collections = new(new MongoClient(LaxUri).GetDatabase("concerns"));

    public static TheoryData<string> DecidingCollections() =>
        ["organisations", "users", "api_keys", "mass_sends", "mass_send_keys", "deliveries", "quota_counters", "rate_groups", "signing_key_rings", "data_protection_keys", "suppressions", "processed_events", "delivery_batches", "individual_emails", "consent_changes", "purges"];

    [Theory]
    [MemberData(nameof(DecidingCollections))]
    public void DecidingCollection_LaxConnectionString_PrimaryReadsAndMajorityWrites(string name)
    {
        MongoCollectionSettings settings = SettingsOf(name);

        Assert.Equal(ReadPreference.Primary, settings.ReadPreference);
        Assert.Equal(WriteConcern.WMajority.W, settings.WriteConcern.W);
        Assert.Equal(MongoCollections.MajorityWait, settings.WriteConcern.WTimeout);
    }

    [Fact]
    public void RecordsCollection_LaxConnectionString_FollowsTheConnectionString()
    {
        MongoCollectionSettings settings = SettingsOf("records");

        Assert.Equal(ReadPreferenceMode.SecondaryPreferred, settings.ReadPreference.ReadPreferenceMode);
        Assert.Equal(new WriteConcern(1).W, settings.WriteConcern.W);
    }

    /// <summary>The settings of the collection property named <paramref name="name"/> in the database.</summary>
    private static MongoCollectionSettings SettingsOf(string name)
    {
        foreach (var property in typeof(MongoCollections).GetProperties().Where(p => p.PropertyType.IsGenericType))
        {
            var collection = property.GetValue(Collections)!;
            var ns = (CollectionNamespace)collection.GetType().GetProperty(nameof(IMongoCollection<object>.CollectionNamespace))!.GetValue(collection)!;
            if (ns.CollectionName == name)
            {
                return (MongoCollectionSettings)collection.GetType().GetProperty(nameof(IMongoCollection<object>.Settings))!.GetValue(collection)!;
            }
        }

        throw new InvalidOperationException($"No collection named {name}.");
    }
}
