using MassEmail.Testing;

namespace MassEmail.Bench;

/// <summary>
/// The bench's server: the test kit's launcher (<see cref="ServerProcess"/>) configured with one throw-away
/// SQLite database and the settings every benchmark shares. Disposing stops the server and deletes the database.
/// </summary>
internal sealed class ServerEnvironment : IDisposable
{
    private readonly string _dataDirectory;

    public ServerEnvironment(string serverDll)
    {
        if (!File.Exists(serverDll))
        {
            throw new FileNotFoundException(
                $"Server binary not found: {Path.GetFullPath(serverDll)}. Build it (dotnet build -c Release src/MassEmail.Server) or pass --server-dll.");
        }

        _dataDirectory = Path.Combine(Path.GetTempPath(), $"massemail-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dataDirectory);
        Server = new ServerProcess(
            serverDll,
            Settings([new("Storage__Provider", "Sqlite"), new("Storage__Sqlite__Path", Path.Combine(_dataDirectory, "bench.db"))], "http://127.0.0.1:9"),
            WorkingDirectory(serverDll));
    }

    public ServerProcess Server { get; }

    /// <summary>Creates the bench's organisation with the server binary's own operator command and returns the admin's API key.</summary>
    public Task<string> CreateOrganisationAsync(string edition = "PROFESSIONAL", int? bulkDailyLimit = null) =>
        CreateOrganisationAsync(Server, edition, bulkDailyLimit);

    /// <summary>The bench's organisation, created through <paramref name="server"/>'s configuration (its store).</summary>
    public static async Task<string> CreateOrganisationAsync(ServerProcess server, string edition, int? bulkDailyLimit)
    {
        string[] args = ["create-org", "--name", "Bench", "--email", "bench@example.com", "--admin-email", "admin@example.com", "--edition", edition];
        var limit = bulkDailyLimit is { } l ? ["--bulk-daily-limit", l.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>();
        return (await server.RunAdminAsync([.. args, .. limit])).ApiKey;
    }

    /// <summary>
    /// The settings every benchmark's server runs with, on <paramref name="store"/> and sending to <paramref name="sesEndpoint"/>.
    /// The server reads appsettings.json from its content root (<see cref="WorkingDirectory"/>); the bench process's
    /// own environment (e.g. the send benchmark's Sending__* settings) is inherited.
    /// </summary>
    public static Dictionary<string, string> Settings(IEnumerable<KeyValuePair<string, string>> store, string sesEndpoint) => new(store)
    {
        ["Demo__Seed"] = "false",
        // Outside Development the unsubscribe link must be a public https URL.
        ["Sending__UnsubscribeBaseUrl"] = "https://unsubscribe.example/u",
        ["Logging__LogLevel__Default"] = "Warning",
        // A loopback endpoint makes the SES transport use dummy credentials instead of walking the AWS chain, whose
        // last step asks the EC2 metadata address off this machine. Metadata lookups are switched off as well.
        ["Ses__Endpoint"] = sesEndpoint,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    /// <summary>The server binary's folder, whose appsettings.json (the shipped settings) the server reads.</summary>
    public static string WorkingDirectory(string serverDll) => Path.GetDirectoryName(Path.GetFullPath(serverDll))!;

    public void Dispose()
    {
        Server.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"warning: could not delete {_dataDirectory}: {e.Message}");
        }
    }
}
