using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Server.Tests.Auth;

/// <summary>
/// Two instances on one store, one clock: a key revoked through instance A is refused by A at once, and by B — which
/// had just let the key in — as soon as <c>Authentication:KeyCacheSeconds</c> has passed (the documented bound).
/// </summary>
public abstract class KeyCacheTests(StoreKind store) : IDisposable
{
    private const int CacheSeconds = 5;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly List<MassEmailServer> servers = [];

    [SkippableFact]
    public async Task RevokedThroughAnotherInstance_RefusedThereOnceTheCacheTimeHasPassed()
    {
        var a = Start(sqlitePath: null, mongoDatabase: null);
        var b = Start(a.SqlitePath, a.MongoDatabase);
        var org = await a.CreateOrganisationAsync("Key Cache Org");
        var adminOnA = new AdminService.AdminServiceClient(a.Invoker(org.AdminKey.Secret));
        var key = await adminOnA.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            UserId = org.Admin.Id,
            Name = "cached",
            Permissions = { Permission.TemplatesRead },
        });
        var onA = new TemplatesService.TemplatesServiceClient(a.Invoker(key.Secret));
        var onB = new TemplatesService.TemplatesServiceClient(b.Invoker(key.Secret));
        await onA.ListTemplatesAsync(new ListTemplatesRequest());
        await onB.ListTemplatesAsync(new ListTemplatesRequest());

        await adminOnA.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = key.ApiKey.Id });

        await RpcAssert.Fails(StatusCode.Unauthenticated, () => onA.ListTemplatesAsync(new ListTemplatesRequest()));
        clock.Advance(TimeSpan.FromSeconds(CacheSeconds - 1));
        await onB.ListTemplatesAsync(new ListTemplatesRequest()); // still within B's bound, as documented
        clock.Advance(TimeSpan.FromSeconds(1));
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => onB.ListTemplatesAsync(new ListTemplatesRequest()));
    }

    public void Dispose()
    {
        foreach (var server in servers)
        {
            server.Dispose();
        }
    }

    private MassEmailServer Start(string? sqlitePath, string? mongoDatabase)
    {
        var unavailable = MassEmailServer.UnavailableReason(store);
        Skip.If(unavailable is not null, unavailable);
        var settings = new Dictionary<string, string?> { ["Authentication:KeyCacheSeconds"] = $"{CacheSeconds}" };
        if (sqlitePath is not null)
        {
            settings["Storage:Sqlite:Path"] = sqlitePath;
        }

        if (mongoDatabase is not null)
        {
            settings["Storage:Mongo:Database"] = mongoDatabase;
        }

        var server = new MassEmailServer(store, settings, s => s.AddSingleton<TimeProvider>(clock));
        _ = server.Services;
        servers.Add(server);
        return server;
    }
}

[Trait("Store", "Sqlite")]
public sealed class KeyCacheSqliteTests() : KeyCacheTests(StoreKind.Sqlite);

[Trait("Store", "Mongo")]
public sealed class KeyCacheMongoTests() : KeyCacheTests(StoreKind.Mongo);
