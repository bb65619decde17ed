using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassEmail.Core.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Server.Tests.Infrastructure;

/// <summary>
/// The real server in-process (real gRPC stack, real store) on SQLite (a temp file) or MongoDB
/// (a fresh database on <c>MASSEMAIL_TEST_MONGO_URI</c>).
/// </summary>
public sealed class MassEmailServer : WebApplicationFactory<Program>
{
    public const string MongoUriVariable = "MASSEMAIL_TEST_MONGO_URI";

    private readonly string? sqlitePath;
    private readonly Dictionary<string, string?> settings;

    private readonly Action<IServiceCollection>? overrides;

    /// <param name="overrides">Replaces services after the app's own registrations (e.g. a fake clock).</param>
    /// <param name="kestrel">True: real Kestrel on free ports of 127.0.0.1 (gRPC endpoint and public HTTP endpoint,
    /// <see cref="PublicAddress"/>) instead of the in-memory test server, for tests of the public endpoint.</param>
    /// <param name="publicCertificate">With <paramref name="kestrel"/>: serves the public endpoint over TLS with this
    /// certificate (HTTP/1.1 and HTTP/2 by ALPN); without, over cleartext HTTP/1.1 as behind a TLS-terminating proxy.</param>
    public MassEmailServer(
        StoreKind store,
        IDictionary<string, string?>? extraSettings = null,
        Action<IServiceCollection>? overrides = null,
        bool kestrel = false,
        TestCertificate? publicCertificate = null)
    {
        this.overrides = overrides;
        Store = store;
        settings = new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // Loopback: never let the AWS credential chain reach for instance metadata. Port 9 (discard)
            // answers nothing; tests that send mail point this at the SES emulator.
            ["Ses:Endpoint"] = "http://127.0.0.1:9",
            // Likewise the campaign-tool vendors: a test that tests a connection reaches a fake or nothing, never a vendor.
            // Refused connections are not retried, so such a call fails at once.
            ["Plugins:ZohoCampaigns:AccountsBaseUrl"] = "http://127.0.0.1:9/",
            ["Plugins:ZohoCampaigns:CampaignsBaseUrl"] = "http://127.0.0.1:9/",
            ["Plugins:ZohoCampaigns:Transport:RetryAttempts"] = "0",
            ["Plugins:Mailchimp:BaseUrl"] = "http://127.0.0.1:9/",
            ["Plugins:Mailchimp:Transport:RetryAttempts"] = "0",
        };
        if (store == StoreKind.Sqlite)
        {
            sqlitePath = Path.Combine(Path.GetTempPath(), $"massemail-test-{Guid.NewGuid():N}.db");
            settings["Storage:Provider"] = "Sqlite";
            settings["Storage:Sqlite:Path"] = sqlitePath;
        }
        else
        {
            settings["Storage:Provider"] = "Mongo";
            settings["Storage:Mongo:ConnectionString"] = MongoUri;
            settings["Storage:Mongo:Database"] = $"massemail_test_{Guid.NewGuid():N}";
        }

        if (kestrel)
        {
            GrpcAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            PublicAddress = new Uri($"{(publicCertificate is null ? "http" : "https")}://127.0.0.1:{FreePort.Next()}");
            settings["Kestrel:Endpoints:Grpc:Url"] = GrpcAddress.ToString();
            settings["Kestrel:Endpoints:Grpc:Protocols"] = "Http2";
            settings["Kestrel:Endpoints:Public:Url"] = PublicAddress.ToString();
            settings["Kestrel:Endpoints:Public:Protocols"] = "Http1AndHttp2";
            settings["Public:BaseUrl"] = PublicAddress.ToString();
            foreach (var (key, value) in publicCertificate?.KestrelSettings("Public") ?? [])
            {
                settings[key] = value;
            }

            UseKestrel();
        }

        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    /// <summary>The SQLite file, or null on MongoDB.</summary>
    public string? SqlitePath => sqlitePath;

    /// <summary>The MongoDB database name, or null on SQLite.</summary>
    public string? MongoDatabase => settings.GetValueOrDefault("Storage:Mongo:Database");

    /// <summary>
    /// <paramref name="settings"/> plus what opens this server's store (its SQLite file or its MongoDB database): a
    /// second instance on one store, as several instances run in production.
    /// </summary>
    public Dictionary<string, string?> SharingStore(IDictionary<string, string?>? settings = null)
    {
        var shared = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (SqlitePath is { } path)
        {
            shared["Storage:Sqlite:Path"] = path;
        }

        if (MongoDatabase is { } database)
        {
            shared["Storage:Mongo:Database"] = database;
        }

        return shared;
    }

    /// <summary>Where a Kestrel server serves gRPC; null on the in-memory test server.</summary>
    public Uri? GrpcAddress { get; }

    /// <summary>Where a Kestrel server serves the public HTTP endpoint; null on the in-memory test server.</summary>
    public Uri? PublicAddress { get; }

    public StoreKind Store { get; }

    public static string? MongoUri => Environment.GetEnvironmentVariable(MongoUriVariable);

    /// <summary>Null when the store can be used here, else why not (printed as the skip reason).</summary>
    public static string? UnavailableReason(StoreKind store) =>
        store == StoreKind.Mongo && string.IsNullOrEmpty(MongoUri) ? $"{MongoUriVariable} is not set: no MongoDB server to run against" : null;

    /// <summary>Creates an organisation with an admin holding every permission, straight through Core.</summary>
    public Task<ProvisionedOrganisation> CreateOrganisationAsync(string name, Edition edition = Edition.Professional, int? bulkDailyLimit = null) =>
        Services.GetRequiredService<Provisioning>().CreateOrganisationAsync(
            new NewOrganisation(name, edition, $"office@{Guid.NewGuid():N}.example", PostalAddress.Empty, bulkDailyLimit,
                $"admin@{Guid.NewGuid():N}.example", "Ada", "Admin"),
            CancellationToken.None);

    /// <summary>A gRPC call invoker that sends <paramref name="apiKey"/> (or no key when null) with every call.</summary>
    public CallInvoker Invoker(string? apiKey)
    {
        var channel = GrpcAddress is null
            ? GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() })
            : GrpcChannel.ForAddress(StartedGrpcAddress());
        return apiKey is null
            ? channel.CreateCallInvoker()
            : channel.Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {apiKey}");
                return metadata;
            });
    }

    // Services starts the Kestrel host; the channel must not be tried before it listens.
    private Uri StartedGrpcAddress()
    {
        _ = Services;
        return GrpcAddress!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (overrides is not null)
        {
            builder.ConfigureServices(overrides);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(sqlitePath + suffix);
            }
        }
    }
}
