using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>The service's collections, named in one place.</summary>
internal sealed class MongoCollections(IMongoDatabase database)
{
    public IMongoDatabase Database { get; } = database;

    public IMongoCollection<OrganisationDocument> Organisations { get; } = database.GetCollection<OrganisationDocument>("organisations");

    public IMongoCollection<UserDocument> Users { get; } = database.GetCollection<UserDocument>("users");

    public IMongoCollection<ApiKeyDocument> ApiKeys { get; } = database.GetCollection<ApiKeyDocument>("api_keys");

    public IMongoCollection<TemplateFolderDocument> TemplateFolders { get; } = database.GetCollection<TemplateFolderDocument>("template_folders");

    public IMongoCollection<TemplateDocument> Templates { get; } = database.GetCollection<TemplateDocument>("templates");
}
