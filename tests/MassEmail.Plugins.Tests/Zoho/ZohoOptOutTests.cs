using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests.Zoho;

/// <summary>Zoho has no webhooks for list events: opt-outs and bounces come back by polling getlistsubscribers from a cursor.</summary>
public sealed class ZohoOptOutTests : IAsyncLifetime
{
    private const string ListKey = "list-optouts";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private FakeZohoCampaigns fake = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeZohoCampaigns.StartAsync(time);
        fake.AddList(ListKey, "Contacts");
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task FetchOptOuts_FromTheCursor_ReturnsEachRemoteUnsubscribeAndBounceOnce()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        var changes = Enumerable.Range(0, 30).Select(i => MembershipChange.Of($"r{i}", $"p{i}@example.org", MembershipChangeKind.Subscribe, i)).ToList();
        await OutboxDriver.RunAsync(host.Plugin, connection, ListKey, changes, time);
        fake.RemoteUnsubscribe(ListKey, "p3@example.org");
        fake.RemoteUnsubscribe(ListKey, "p4@example.org");
        fake.RemoteBounce(ListKey, "p5@example.org");

        var first = await host.Plugin.FetchOptOutsAsync(connection, ListKey, null, CancellationToken.None);
        var again = await host.Plugin.FetchOptOutsAsync(connection, ListKey, first.Cursor, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        fake.RemoteUnsubscribe(ListKey, "p9@example.org");
        var later = await host.Plugin.FetchOptOutsAsync(connection, ListKey, again.Cursor, CancellationToken.None);

        Assert.Equal(
            [("p3@example.org", RemoteOptOutKind.Unsubscribed), ("p4@example.org", RemoteOptOutKind.Unsubscribed), ("p5@example.org", RemoteOptOutKind.Bounced)],
            first.OptOuts.Select(o => (o.Email, o.Kind)));
        Assert.Empty(again.OptOuts);
        Assert.Equal([("p9@example.org", RemoteOptOutKind.Unsubscribed)], later.OptOuts.Select(o => (o.Email, o.Kind)));
        Assert.Equal(time.GetUtcNow(), later.OptOuts[0].At);
    }

    [Fact]
    public async Task FetchOptOuts_EndpointLocked_ReturnsTheSameCursorAndWhenToComeBack()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        fake.Lock("getlistsubscribers", TimeSpan.FromMinutes(30));

        var page = await host.Plugin.FetchOptOutsAsync(connection, ListKey, "unsub:4;bounce:1", CancellationToken.None);

        Assert.Equal("unsub:4;bounce:1", page.Cursor);
        Assert.True(page.RetryAt >= time.GetUtcNow() + TimeSpan.FromMinutes(30));
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task ListRemoteLists_ReturnsTheAccountsLists()
    {
        using var host = new ZohoHost(fake, time);
        fake.AddList("list-b", "Candidates");

        var lists = await host.Plugin.ListRemoteListsAsync(ZohoHost.Connection(), CancellationToken.None);

        Assert.Equal([("list-b", "Candidates"), (ListKey, "Contacts")], lists.Select(l => (l.Id, l.Name)));
    }
}
