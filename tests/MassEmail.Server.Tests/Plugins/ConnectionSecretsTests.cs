using System.Text;
using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// Issue 14 acceptance "Secrets never appear in API responses or logs (a test greps the captured logs for them)": after
/// connections to both vendors were created, shown, listed, tested (Zoho issuing an access token) and refused, no
/// credential and no access token is in any response, in any captured log line (message or structured value), or in clear
/// in the store.
/// </summary>
public abstract class ConnectionSecretsTests(PluginsServerFixture fixture)
{
    [SkippableFact]
    public async Task Secrets_NotInResponses_NotInLogs_NotInClearInTheStore()
    {
        var org = await fixture.Server.CreateOrganisationAsync($"Secrets {Guid.NewGuid():N}");
        var plugins = new PluginsService.PluginsServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var responses = new List<Google.Protobuf.IMessage>();
        var zoho = PluginsServiceTests.Zoho("Zoho secrets", "eu");
        zoho.ZohoCampaigns.WebhookSecret = "zoho-webhook-secret-61c0";
        zoho.ZohoCampaigns.WebhookUser = "zoho-hook-user-2b7e";
        zoho.ZohoCampaigns.WebhookPassword = "zoho-hook-password-9d1f";
        var refused = PluginsServiceTests.Zoho("Zoho refused", "eu");
        refused.ZohoCampaigns.RefreshToken = "1000.refused-refresh-token-77e2";
        refused.ZohoCampaigns.ClientSecret = "refused-client-secret-0c4d";
        var mailchimp = PluginsServiceTests.Mailchimp("Mailchimp secrets", "", FakeMailchimp.ApiKey);
        var wrongKey = PluginsServiceTests.Mailchimp("Mailchimp refused", "us6", "fedcba9876543210fedcba9876543210-us6");

        foreach (var request in new[] { zoho, refused, mailchimp, wrongKey })
        {
            var created = await plugins.CreateConnectionAsync(request);
            responses.Add(created);
            var id = created.Connection.Id;
            responses.Add(await plugins.GetConnectionAsync(new GetConnectionRequest { Id = id }));
            responses.Add(await plugins.TestConnectionAsync(new TestConnectionRequest { Id = id }));
            try
            {
                responses.Add(await plugins.ListRemoteListsAsync(new ListRemoteListsRequest { Id = id }));
            }
            catch (RpcException e)
            {
                responses.Add(e.GetRpcStatus() ?? new Google.Rpc.Status { Message = e.Status.Detail });
            }
        }

        responses.Add(await plugins.ListConnectionsAsync(new ListConnectionsRequest()));
        var secrets = new[]
        {
            FakeZohoCampaigns.ClientSecret, FakeZohoCampaigns.RefreshToken, "zoho-webhook-secret-61c0", "zoho-hook-user-2b7e", "zoho-hook-password-9d1f",
            "1000.refused-refresh-token-77e2", "refused-client-secret-0c4d", FakeMailchimp.ApiKey, "fedcba9876543210fedcba9876543210", "mc-webhook-secret-3f9a",
        }.Concat(fixture.Zoho.IssuedAccessTokens).ToList();
        Assert.NotEmpty(fixture.Zoho.IssuedAccessTokens);

        var logs = fixture.Logs.GetSnapshot();
        Assert.Contains(logs, l => l.Message.Contains("Issued a Zoho access token", StringComparison.Ordinal));
        var logText = string.Join("\n", logs.Select(l =>
            $"{l.Message} {l.Exception} {string.Join(" ", l.StructuredState?.Select(s => s.Value) ?? [])}"));
        var responseText = string.Join("\n", responses.Select(r => r.ToString()));
        var storeText = await StoreTextAsync();
        foreach (var secret in secrets)
        {
            Assert.False(responseText.Contains(secret, StringComparison.Ordinal), $"a response holds the secret {secret[..4]}…");
            Assert.False(logText.Contains(secret, StringComparison.Ordinal), $"a log line holds the secret {secret[..4]}…");
            Assert.False(storeText.Contains(secret, StringComparison.Ordinal), $"the store holds the secret {secret[..4]}… in clear");
        }

        // The greps look where the secrets were: the store does hold the connections (as ciphertext).
        Assert.Contains("Zoho secrets", storeText, StringComparison.Ordinal);
    }

    /// <summary>Everything the store holds, as text: the SQLite file and its WAL, or every document of the database.</summary>
    private async Task<string> StoreTextAsync()
    {
        var server = fixture.Server;
        if (server.SqlitePath is { } path)
        {
            var text = new StringBuilder();
            foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.Latin1);
                text.Append(await reader.ReadToEndAsync());
            }

            return text.ToString();
        }

        using var client = new MongoClient(MassEmailServer.MongoUri);
        var database = client.GetDatabase(server.MongoDatabase);
        var all = new StringBuilder();
        foreach (var name in await (await database.ListCollectionNamesAsync()).ToListAsync())
        {
            foreach (var document in await database.GetCollection<BsonDocument>(name).Find(FilterDefinition<BsonDocument>.Empty).ToListAsync())
            {
                all.Append(document.ToJson()).Append('\n');
            }
        }

        return all.ToString();
    }
}

[Trait("Store", "Sqlite")]
public sealed class ConnectionSecretsSqliteTests(SqlitePluginsServerFixture f) : ConnectionSecretsTests(f), IClassFixture<SqlitePluginsServerFixture>;

[Trait("Store", "Mongo")]
public sealed class ConnectionSecretsMongoTests(MongoPluginsServerFixture f) : ConnectionSecretsTests(f), IClassFixture<MongoPluginsServerFixture>;
