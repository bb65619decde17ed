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
        await SubscribeAsync(host, connection, 30);
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
    public async Task FetchOptOuts_AContactLeftTheUnsubList_TheOptOutAfterItIsReadAtTheNextFullPass()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        await SubscribeAsync(host, connection, 12);
        fake.RemoteUnsubscribe(ListKey, "p3@example.org");
        fake.RemoteUnsubscribe(ListKey, "p4@example.org");
        var first = await host.Plugin.FetchOptOutsAsync(connection, ListKey, null, CancellationToken.None);

        // p3 signs up again at Zoho and leaves the unsub list; p9 unsubscribes and takes the second place, already counted.
        time.Advance(TimeSpan.FromMinutes(5));
        fake.RemoteSubscribe(ListKey, "p3@example.org");
        fake.RemoteUnsubscribe(ListKey, "p9@example.org");
        var counted = await host.Plugin.FetchOptOutsAsync(connection, ListKey, first.Cursor, CancellationToken.None);
        time.Advance(TimeSpan.FromDays(1));
        var pass = await host.Plugin.FetchOptOutsAsync(connection, ListKey, counted.Cursor, CancellationToken.None);

        Assert.Equal(["p3@example.org", "p4@example.org"], first.OptOuts.Select(o => o.Email));
        Assert.Empty(counted.OptOuts);
        Assert.Equal(["p4@example.org", "p9@example.org"], pass.OptOuts.Select(o => o.Email));
        Assert.Equal($"unsub:2;bounce:0;pass:{time.GetUtcNow().ToUnixTimeMilliseconds()}", pass.Cursor);
    }

    [Fact]
    public async Task FetchOptOuts_EndpointLocked_ReturnsTheSameCursorAndWhenToComeBack()
    {
        using var host = new ZohoHost(fake, time);
        var connection = ZohoHost.Connection();
        fake.Lock("getlistsubscribers", TimeSpan.FromMinutes(30));

        var cursor = $"unsub:4;bounce:1;pass:{time.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds()}";

        var page = await host.Plugin.FetchOptOutsAsync(connection, ListKey, cursor, CancellationToken.None);

        Assert.Equal(cursor, page.Cursor);
        Assert.True(page.RetryAt >= time.GetUtcNow() + TimeSpan.FromMinutes(30));
        Assert.Empty(fake.Violations);
    }

    /// <summary>Contacts p0… p(count-1) join the list through the plugin.</summary>
    private Task SubscribeAsync(ZohoHost host, PluginConnection connection, int count) =>
        OutboxDriver.RunAsync(host.Plugin, connection, ListKey,
            [.. Enumerable.Range(0, count).Select(i => MembershipChange.Of($"r{i}", $"p{i}@example.org", MembershipChangeKind.Subscribe, i))], time);

    [Fact]
    public async Task ListRemoteLists_ReturnsTheAccountsLists()
    {
        using var host = new ZohoHost(fake, time);
        fake.AddList("list-b", "Candidates");

        var lists = await host.Plugin.ListRemoteListsAsync(ZohoHost.Connection(), CancellationToken.None);

        Assert.Equal([("list-b", "Candidates"), (ListKey, "Contacts")], lists.Select(l => (l.Id, l.Name)));
    }
}
