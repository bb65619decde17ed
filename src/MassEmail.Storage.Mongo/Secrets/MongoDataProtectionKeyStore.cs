using MassEmail.Core.Secrets;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Secrets;

/// <summary>
/// The <c>data_protection_keys</c> collection: one document per element, inserted with the deciding concerns (see
/// <see cref="MongoCollections.DataProtectionKeys"/>) and never changed.
/// </summary>
internal sealed class MongoDataProtectionKeyStore(MongoCollections collections) : IDataProtectionKeyStore
{
    /// <summary>Names the deliberate whole-collection read (the answer is every element) for the index-coverage check.</summary>
    public const string AllElementsComment = "data protection key ring";

    private readonly IMongoCollection<DataProtectionKeyDocument> keys = collections.DataProtectionKeys;

    public async Task<IReadOnlyList<KeyElement>> ListAllAsync(CancellationToken ct)
    {
        List<DataProtectionKeyDocument> docs = await keys
            .Find(FilterDefinition<DataProtectionKeyDocument>.Empty, new FindOptions { Comment = AllElementsComment })
            .ToListAsync(ct);
        return [.. docs.Select(d => new KeyElement(d.FriendlyName, d.Xml))];
    }

    public Task AddAsync(KeyElement element, CancellationToken ct) =>
        keys.InsertOneAsync(new DataProtectionKeyDocument { Id = ObjectId.GenerateNewId(), FriendlyName = element.FriendlyName, Xml = element.Xml }, cancellationToken: ct);
}
