using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// The store every server process of a drill opens (<see cref="SharedStore"/>): an SQLite file in the drill's
/// directory, or a fresh database on <c>MASSEMAIL_TEST_MONGO_URI</c> that is dropped at the end.
/// </summary>
internal sealed class DrillStore(StoreKind kind, string directory) : IAsyncDisposable
{
    private readonly SharedStore store = new(kind == StoreKind.Mongo ? MassEmailServer.MongoUri ?? "" : null, directory);

    /// <summary>The MongoDB database name (unused on SQLite).</summary>
    public string Database => store.Database;

    /// <summary>The environment variables that point a server process at this store.</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment => store.Environment;

    /// <summary>
    /// The environment of a drill's server process: this store, no demo data, the settings a process outside
    /// Development needs, warnings only in its output, and <paramref name="settings"/> on top.
    /// </summary>
    public Dictionary<string, string> ServerEnvironment(IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>(store.Environment)
        {
            ["Demo__Seed"] = "false",
            // Outside Development the unsubscribe link must be a public https URL.
            ["Public__BaseUrl"] = "https://unsubscribe.example/u",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>Skips the calling test, with the reason, when the store cannot be used here.</summary>
    public static void SkipIfUnavailable(StoreKind kind)
    {
        var reason = MassEmailServer.UnavailableReason(kind);
        Skip.If(reason is not null, reason);
    }

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
