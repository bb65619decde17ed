using System.Collections.Concurrent;
using MassEmail.Storage.Mongo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;
using MongoDB.Driver.Core.Events;

namespace MassEmail.Storage.Tests.Fixtures;

/// <summary>
/// Mongo stores on the server named by <c>MASSEMAIL_TEST_MONGO_URI</c>, each in a fresh database that
/// is dropped with it. Without the variable every test using the fixture is skipped.
/// </summary>
public class MongoStoreFixture : StoreFixture
{
    public const string UriVariable = "MASSEMAIL_TEST_MONGO_URI";

    private readonly string? uri = Environment.GetEnvironmentVariable(UriVariable);

    public MongoStoreFixture()
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            UnavailableReason = $"{UriVariable} not set";
        }
    }

    /// <summary>The connection string of the test server; skips the calling test when there is none.</summary>
    public string ConnectionString
    {
        get
        {
            Skip.If(UnavailableReason is not null, UnavailableReason);
            return uri!;
        }
    }

    /// <summary>
    /// Applied to the client of every store this fixture opens (e.g. to subscribe to its command events); null for the
    /// client the host would build.
    /// </summary>
    public Action<ClusterBuilder>? ConfigureCluster { get; init; }

    /// <summary>Settings of section <see cref="MongoStoreOptions.SectionName"/> besides the connection (e.g. <c>ClientConditionInlineLimit</c>).</summary>
    public IReadOnlyDictionary<string, string?> StoreSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>A fixture whose stores copy every command they send into <paramref name="commands"/> (as sent).</summary>
    public static MongoStoreFixture CapturingCommands(ConcurrentQueue<BsonDocument> commands) => new()
    {
        ConfigureCluster = cb => cb.Subscribe<CommandStartedEvent>(e => commands.Enqueue(Copy(e.Command))),
    };

    /// <summary>A fixture whose stores (with <paramref name="storeSettings"/>) copy every command they send into <paramref name="commands"/> and every reply, by command name, into <paramref name="replies"/>.</summary>
    public static MongoStoreFixture CapturingCommandsAndReplies(
        ConcurrentQueue<BsonDocument> commands, ConcurrentQueue<(string Command, BsonDocument Reply)> replies, IReadOnlyDictionary<string, string?>? storeSettings = null) => new()
        {
            ConfigureCluster = cb => cb
                .Subscribe<CommandStartedEvent>(e => commands.Enqueue(Copy(e.Command)))
                .Subscribe<CommandSucceededEvent>(e => replies.Enqueue((e.CommandName, Copy(e.Reply)))),
            StoreSettings = storeSettings ?? new Dictionary<string, string?>(),
        };

    /// <summary>Services of a Mongo store on database <paramref name="database"/>, as the host would register them.</summary>
    public static ServiceProvider BuildServices(
        string uri, string database, Action<ClusterBuilder>? configureCluster = null, IReadOnlyDictionary<string, string?>? storeSettings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            [$"{MongoStoreOptions.SectionName}:ConnectionString"] = uri,
            [$"{MongoStoreOptions.SectionName}:Database"] = database,
        };
        foreach (var (key, value) in storeSettings ?? new Dictionary<string, string?>())
        {
            configuration[$"{MongoStoreOptions.SectionName}:{key}"] = value;
        }

        var services = new ServiceCollection();
        if (configureCluster is not null)
        {
            MongoClientSettings settings = MongoClientSettings.FromConnectionString(uri);
            settings.ClusterConfigurator = configureCluster;
            services.AddSingleton<IMongoClient>(new MongoClient(settings));
        }

        return services
            .AddMongoStore(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())
            .BuildServiceProvider();
    }

    protected override Task<StoreInstance> OpenAsync()
    {
        var database = $"massemail_test_{Guid.NewGuid():N}";
        ServiceProvider services = BuildServices(uri!, database, ConfigureCluster, StoreSettings);
        return Task.FromResult(new StoreInstance(services, async () =>
        {
            // The store's client is disposed with its services, so dropping needs a client of its own.
            using var admin = new MongoClient(uri);
            await admin.DropDatabaseAsync(database);
        }, () => BuildServices(uri!, database, ConfigureCluster, StoreSettings)));
    }

    /// <summary>
    /// Asks the server instead of trusting its name: a duplicate insert under a fresh unique index
    /// either fails (real MongoDB) or succeeds (CongoDB), and that decides the capability.
    /// </summary>
    protected override async Task ProbeAsync(StoreInstance store)
    {
        IMongoDatabase database = store.Get<IMongoClient>().GetDatabase($"massemail_probe_{Guid.NewGuid():N}");
        try
        {
            IMongoCollection<BsonDocument> probe = database.GetCollection<BsonDocument>("probe");
            await probe.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending("k"), new CreateIndexOptions { Unique = true }));
            await probe.InsertOneAsync(new BsonDocument("k", 1));
            try
            {
                await probe.InsertOneAsync(new BsonDocument("k", 1));
                MissingBecause[StoreCapabilities.UniqueSecondaryIndexes] =
                    "a second document with the same key was accepted under a unique index";
            }
            catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                Capabilities |= StoreCapabilities.UniqueSecondaryIndexes;
            }
        }
        finally
        {
            await database.Client.DropDatabaseAsync(database.DatabaseNamespace.DatabaseName);
        }
    }

    /// <summary>A copy of a command or reply: the driver reuses the buffers of the ones its events carry.</summary>
    private static BsonDocument Copy(BsonDocument document) => BsonSerializer.Deserialize<BsonDocument>(document.ToBson());
}
