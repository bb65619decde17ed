using MassEmail.Storage.Mongo.Documents;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo;

/// <summary>
/// Every index of the store, declared here and nowhere else. Each starts with <c>org_id</c>, so an
/// organisation's queries touch only its own entries. Names are explicit so that a changed
/// definition fails loudly at start-up instead of silently creating a second index.
/// </summary>
internal static class MongoIndexes
{
    public static async Task CreateAllAsync(MongoCollections c, CancellationToken ct)
    {
        // Organisations need none beyond _id, which is the organisation id.
        await c.Users.Indexes.CreateManyAsync(
            [
                Unique<UserDocument>("ux_users_email", Builders<UserDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.EmailKey)),
            ],
            ct);

        await c.ApiKeys.Indexes.CreateManyAsync(
            [
                // Newest-first listing of an organisation's keys.
                Plain<ApiKeyDocument>("ix_api_keys_org", Builders<ApiKeyDocument>.IndexKeys.Ascending(d => d.OrgId).Descending(d => d.CreatedAt).Descending(d => d.Id)),
            ],
            ct);

        await c.TemplateFolders.Indexes.CreateManyAsync(
            [
                Unique<TemplateFolderDocument>("ux_template_folders_name", Builders<TemplateFolderDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.NameKey)),
            ],
            ct);

        await c.Templates.Indexes.CreateManyAsync(
            [
                // Uniqueness, and the (name_key, _id) keyset listing of a whole organisation.
                Unique<TemplateDocument>("ux_templates_name", Builders<TemplateDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.NameKey)),
                // AnyInFolder and listings filtered by folder.
                Plain<TemplateDocument>("ix_templates_folder", Builders<TemplateDocument>.IndexKeys.Ascending(d => d.OrgId).Ascending(d => d.FolderId).Ascending(d => d.NameKey)),
            ],
            ct);
    }

    private static CreateIndexModel<T> Unique<T>(string name, IndexKeysDefinition<T> keys) =>
        new(keys, new CreateIndexOptions { Name = name, Unique = true });

    private static CreateIndexModel<T> Plain<T>(string name, IndexKeysDefinition<T> keys) =>
        new(keys, new CreateIndexOptions { Name = name });
}
