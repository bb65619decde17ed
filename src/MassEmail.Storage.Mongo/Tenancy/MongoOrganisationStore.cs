using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Tenancy;

/// <summary>The <c>organisations</c> collection; <c>_id</c> is the organisation id.</summary>
internal sealed class MongoOrganisationStore(MongoCollections collections) : IOrganisationStore
{
    /// <summary>
    /// The comment of <see cref="AnyAsync"/>'s deliberate scan: it stops at the first document, so it reads one
    /// whatever the collection holds (allowed by the index-coverage test under this comment).
    /// </summary>
    public const string AnyOrganisationComment = "scan: any organisation, reads one document";

    private static readonly FilterDefinitionBuilder<OrganisationDocument> Filter = Builders<OrganisationDocument>.Filter;
    private readonly IMongoCollection<OrganisationDocument> organisations = collections.Organisations;

    public async Task CreateAsync(Organisation organisation, CancellationToken ct)
    {
        try
        {
            await organisations.InsertOneAsync(OrganisationDocument.FromDomain(organisation), cancellationToken: ct);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            throw new AlreadyExistsException("organisation", "id", organisation.Id);
        }
    }

    public async Task<Organisation?> GetAsync(string orgId, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return null;
        }

        OrganisationDocument? doc = await organisations.Find(Filter.Eq(d => d.Id, orgId)).FirstOrDefaultAsync(ct);
        return doc?.ToDomain();
    }

    public async Task<bool> UpdateProfileAsync(string orgId, string name, string email, PostalAddress postalAddress, CancellationToken ct)
    {
        if (!MongoIds.IsValid(orgId))
        {
            return false;
        }

        UpdateDefinition<OrganisationDocument> update = Builders<OrganisationDocument>.Update
            .Set(d => d.Name, name)
            .Set(d => d.Email, email)
            .Set(d => d.PostalAddress, PostalAddressDocument.FromDomain(postalAddress));
        UpdateResult result = await organisations.UpdateOneAsync(Filter.Eq(d => d.Id, orgId), update, cancellationToken: ct);
        return result.MatchedCount > 0;
    }

    public Task<bool> AnyAsync(CancellationToken ct) =>
        organisations.Find(Filter.Empty, new FindOptions { Comment = AnyOrganisationComment }).Project(d => d.Id).Limit(1).AnyAsync(ct);
}
