using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Server.Tests.Sending;

/// <summary>A server whose clock the test moves (quotas count per UTC day).</summary>
public abstract class FakeClockServer : ServerFixture
{
    protected FakeClockServer(StoreKind store)
        : this(store, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 23, 59, 59, 500, TimeSpan.Zero)))
    {
    }

    private FakeClockServer(StoreKind store, FakeTimeProvider clock)
        : base(store, overrides: s => s.AddSingleton<TimeProvider>(clock))
    {
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }
}

public sealed class SqliteFakeClockServer() : FakeClockServer(StoreKind.Sqlite);

public sealed class MongoFakeClockServer() : FakeClockServer(StoreKind.Mongo);
