using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Server.Tests.Dispatch;

/// <summary>
/// Issue 10 item 5: the per-send context is built once per send and shared by its batches, for at most
/// <see cref="SendContexts.Lifetime"/>, and the cache holds at most <see cref="SendContexts.Capacity"/> sends.
/// </summary>
[Trait("Store", "Sqlite")]
public sealed class SendContextsTests
{
    [Fact]
    public async Task GetAsync_SameSendTwice_OneContextUntilItsLifetimeEnds()
    {
        var (server, clock, send) = await StartAsync();
        using var _ = server;
        var contexts = server.Services.GetRequiredService<SendContexts>();

        var first = await contexts.GetAsync(send, CancellationToken.None);
        Assert.Same(first, await contexts.GetAsync(send with { Version = send.Version + 3, State = SendState.Sending }, CancellationToken.None));
        Assert.Equal(send.OrgId, first.Org.Id);

        clock.Advance(SendContexts.Lifetime);
        Assert.NotSame(first, await contexts.GetAsync(send, CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_MoreSendsThanTheCapacity_CacheStaysWithinItAndKeepsTheNewest()
    {
        var (server, clock, send) = await StartAsync();
        using var _ = server;
        var contexts = server.Services.GetRequiredService<SendContexts>();

        for (var i = 0; i <= SendContexts.Capacity; i++)
        {
            await contexts.GetAsync(send with { Id = $"{send.Id}-{i}" }, CancellationToken.None);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(SendContexts.Capacity, contexts.Count);
        var newest = await contexts.GetAsync(send with { Id = $"{send.Id}-{SendContexts.Capacity}" }, CancellationToken.None);
        Assert.Same(newest, await contexts.GetAsync(send with { Id = $"{send.Id}-{SendContexts.Capacity}" }, CancellationToken.None));
    }

    private static async Task<(MassEmailServer Server, FakeTimeProvider Clock, MassSend Send)> StartAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
        var server = new MassEmailServer(StoreKind.Sqlite, overrides: services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            EngineOff.Apply(services);
        });
        var setup = await SendHelpers.SeedAsync(server, "Context", "context.example", 3);
        var id = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "context"))).Send.Id;
        var send = await server.Services.GetRequiredService<IMassSendStore>().GetAsync(setup.OrgId, id, CancellationToken.None);
        return (server, clock, send!);
    }
}
