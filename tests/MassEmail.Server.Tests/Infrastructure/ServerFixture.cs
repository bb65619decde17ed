using MassEmail.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Server.Tests.Infrastructure;

/// <summary>One server per test class and store; tests on an unavailable store are skipped with the reason.</summary>
public abstract class ServerFixture : IDisposable
{
    private readonly Lazy<MassEmailServer> server;

    /// <param name="overrides">Replaces services after the app's own registrations (e.g. a fake clock).</param>
    protected ServerFixture(StoreKind store, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? overrides = null)
    {
        Store = store;
        server = new Lazy<MassEmailServer>(() => new MassEmailServer(store, settings, overrides));
    }

    public StoreKind Store { get; }

    public MassEmailServer Server
    {
        get
        {
            SkipIfUnavailable();
            return server.Value;
        }
    }

    public void SkipIfUnavailable()
    {
        var reason = MassEmailServer.UnavailableReason(Store);
        Skip.If(reason is not null, reason);
    }

    /// <summary>
    /// True when the store enforces unique names. Probed, not assumed: unpatched CongoDB (the MongoDB-wire
    /// test server) does not enforce unique secondary indexes; tools/congodb.mjs makes it.
    /// </summary>
    public async Task<bool> EnforcesUniqueNamesAsync()
    {
        var org = await Server.CreateOrganisationAsync("probe");
        var client = new TemplatesService.TemplatesServiceClient(Server.Invoker(org.AdminKey.Secret));
        var template = new Template { Name = "probe", Subject = "s", HtmlBody = "b" };
        await client.CreateTemplateAsync(new CreateTemplateRequest { Template = template });
        try
        {
            await client.CreateTemplateAsync(new CreateTemplateRequest { Template = template });
            return false;
        }
        catch (global::Grpc.Core.RpcException e) when (e.StatusCode == global::Grpc.Core.StatusCode.AlreadyExists)
        {
            return true;
        }
    }

    public void Dispose()
    {
        if (server.IsValueCreated)
        {
            server.Value.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteServerFixture() : ServerFixture(StoreKind.Sqlite);

public sealed class MongoServerFixture() : ServerFixture(StoreKind.Mongo);

/// <summary>A server whose operator enabled Razor templates.</summary>
public sealed class RazorEnabledServerFixture() : ServerFixture(StoreKind.Sqlite, new Dictionary<string, string?> { ["Templates:AllowRazor"] = "true" });

/// <summary>A server whose operator lowered the Liquid nesting limit to 5.</summary>
public sealed class ShallowNestingServerFixture() : ServerFixture(StoreKind.Sqlite, new Dictionary<string, string?> { ["Templates:Liquid:MaxNestingDepth"] = "5" });
