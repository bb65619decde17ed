using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.Mailchimp;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests.Mailchimp;

/// <summary>Mailchimp list sync against the fake: 500-member batches, per-member errors, the compliance state, 10 connections.</summary>
public sealed class MailchimpSyncTests : IAsyncLifetime
{
    private const string ListId = "a1b2c3d4e5";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private FakeMailchimp fake = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeMailchimp.StartAsync(time);
        fake.AddList(ListId);
    }

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Apply_TwelveHundredMembers_BatchesOfAtMost500AndEachMemberByItsMd5()
    {
        using var host = new MailchimpHost(fake, time);
        var changes = Enumerable.Range(0, 1200).Select(i => new MembershipChange(
            $"r{i}", $"Mixed.Case{i}@Example.org", MembershipChangeKind.Subscribe, new Dictionary<string, string> { ["FNAME"] = $"F{i}" }, i)).ToList();

        var results = await OutboxDriver.RunAsync(host.Plugin, MailchimpHost.Connection(), ListId, changes, time, batchSize: 1200);

        Assert.All(results, r => Assert.Equal(MembershipOutcome.Applied, r.Outcome));
        Assert.Equal([500, 500, 200], fake.BatchSizes);
        Assert.Equal("subscribed", fake.Member(ListId, "mixed.case7@example.org")?.Status);
        Assert.Equal("F7", fake.Member(ListId, "MIXED.CASE7@EXAMPLE.ORG")?.MergeFields["FNAME"]);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public void SubscriberHash_IsTheMd5OfTheLowercasedAddress()
    {
        // md5("urist.mcvankab@freddiesjokes.com"), Mailchimp's own example.
        Assert.Equal("62eeb292278cc15f5817cb78f7790b08", MailchimpSubscriberHash.Of("Urist.McVankab@FreddiesJokes.com"));
    }

    [Fact]
    public async Task Apply_SubscribeOfAMemberUnsubscribedInMailchimp_RejectedAsRemotelyOptedOutAndNeverPending()
    {
        using var host = new MailchimpHost(fake, time);
        var connection = MailchimpHost.Connection();
        await host.Plugin.ApplyAsync(connection, ListId, [MembershipChange.Of("r1", "gone@example.org", MembershipChangeKind.Subscribe, 1)], CancellationToken.None);
        fake.RemoteUnsubscribe(ListId, "gone@example.org");

        var results = await host.Plugin.ApplyAsync(connection, ListId,
            [MembershipChange.Of("r1", "gone@example.org", MembershipChangeKind.Subscribe, 2), MembershipChange.Of("r2", "new@example.org", MembershipChangeKind.Subscribe, 3)],
            CancellationToken.None);

        Assert.Equal(MembershipOutcome.Rejected, results[0].Outcome);
        Assert.Equal(RejectionReason.RemotelyOptedOut, results[0].Reason);
        Assert.Equal(MembershipOutcome.Applied, results[1].Outcome);
        Assert.Equal("unsubscribed", fake.Member(ListId, "gone@example.org")?.Status);
    }

    [Fact]
    public async Task Apply_SameContactTwiceInOneBatch_TwoCallsInOrder()
    {
        using var host = new MailchimpHost(fake, time);

        var results = await host.Plugin.ApplyAsync(MailchimpHost.Connection(), ListId,
            [MembershipChange.Of("r1", "twice@example.org", MembershipChangeKind.Subscribe, 1), MembershipChange.Of("r1", "twice@example.org", MembershipChangeKind.Unsubscribe, 2)],
            CancellationToken.None);

        Assert.All(results, r => Assert.Equal(MembershipOutcome.Applied, r.Outcome));
        Assert.Equal([1, 1], fake.BatchSizes);
        Assert.Equal("unsubscribed", fake.Member(ListId, "twice@example.org")?.Status);
    }

    [Fact]
    public async Task Apply_Remove_ArchivesTheMember_InOrderWithTheBatch_AndAnAbsentOneIsApplied()
    {
        using var host = new MailchimpHost(fake, time);

        var results = await host.Plugin.ApplyAsync(MailchimpHost.Connection(), ListId,
        [
            MembershipChange.Of("r1", "Deleted@example.org", MembershipChangeKind.Subscribe, 1),
            MembershipChange.Of("r2", "kept@example.org", MembershipChangeKind.Subscribe, 2),
            MembershipChange.Of("r1", "deleted@example.org", MembershipChangeKind.Remove, 3),
            MembershipChange.Of("r3", "never@example.org", MembershipChangeKind.Remove, 4),
        ], CancellationToken.None);

        Assert.All(results, r => Assert.Equal(MembershipOutcome.Applied, r.Outcome));
        Assert.Null(fake.Member(ListId, "deleted@example.org"));
        Assert.Equal(["subscribed", "archived"], fake.History(ListId, "deleted@example.org"));
        Assert.Equal("subscribed", fake.Member(ListId, "kept@example.org")?.Status);
        Assert.Empty(fake.History(ListId, "never@example.org"));
    }

    [Fact]
    public async Task Apply_RemoveThrottled_RetryLaterThenArchived()
    {
        using var host = new MailchimpHost(fake, time);
        var connection = MailchimpHost.Connection();
        await host.Plugin.ApplyAsync(connection, ListId, [MembershipChange.Of("r1", "gone@example.org", MembershipChangeKind.Subscribe, 1)], CancellationToken.None);
        fake.ThrottleNext(10);
        var removal = MembershipChange.Of("r1", "gone@example.org", MembershipChangeKind.Remove, 2);

        var first = await host.Plugin.ApplyAsync(connection, ListId, [removal], CancellationToken.None);
        var results = await OutboxDriver.RunAsync(host.Plugin, connection, ListId, [removal], time);

        Assert.Equal(MembershipOutcome.RetryLater, first[0].Outcome);
        Assert.Equal(MembershipOutcome.Applied, Assert.Single(results).Outcome);
        Assert.Null(fake.Member(ListId, "gone@example.org"));
    }

    [Fact]
    public async Task Apply_ThirtyConcurrentCallers_NeverMoreThanTenConnections()
    {
        using var host = new MailchimpHost(fake, time);
        fake.Latency = TimeSpan.FromMilliseconds(100);

        var all = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => host.Plugin.ApplyAsync(MailchimpHost.Connection(), ListId,
            [MembershipChange.Of($"r{i}", $"c{i}@example.org", MembershipChangeKind.Subscribe, i)], CancellationToken.None)));

        Assert.All(all.SelectMany(r => r), r => Assert.Equal(MembershipOutcome.Applied, r.Outcome));
        Assert.Empty(fake.Violations);
        Assert.InRange(fake.MaxInFlight, 2, 10);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Apply_ThrottledBy429OrBare403BeyondTheRetries_RetryLaterThenConverges(bool bare403)
    {
        using var host = new MailchimpHost(fake, time);
        if (bare403)
        {
            fake.ForbidNext(1);
        }
        else
        {
            fake.ThrottleNext(10);
        }

        var changes = Enumerable.Range(0, 5).Select(i => MembershipChange.Of($"r{i}", $"t{i}@example.org", MembershipChangeKind.Subscribe, i)).ToList();
        var first = await host.Plugin.ApplyAsync(MailchimpHost.Connection(), ListId, changes, CancellationToken.None);
        var results = await OutboxDriver.RunAsync(host.Plugin, MailchimpHost.Connection(), ListId, changes, time);

        Assert.All(first, r => Assert.Equal(MembershipOutcome.RetryLater, r.Outcome));
        Assert.All(results, r => Assert.Equal(MembershipOutcome.Applied, r.Outcome));
        Assert.Equal("subscribed", fake.Member(ListId, "t4@example.org")?.Status);
    }

    [Fact]
    public async Task FetchOptOuts_UnsubscribedAndCleanedSinceTheCursor()
    {
        using var host = new MailchimpHost(fake, time);
        var connection = MailchimpHost.Connection();
        await host.Plugin.ApplyAsync(connection, ListId,
            [.. Enumerable.Range(0, 5).Select(i => MembershipChange.Of($"r{i}", $"m{i}@example.org", MembershipChangeKind.Subscribe, i))], CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        fake.RemoteUnsubscribe(ListId, "m1@example.org");
        fake.RemoteClean(ListId, "m2@example.org");

        var first = await host.Plugin.FetchOptOutsAsync(connection, ListId, null, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        fake.RemoteUnsubscribe(ListId, "m3@example.org");
        var next = await host.Plugin.FetchOptOutsAsync(connection, ListId, first.Cursor, CancellationToken.None);

        Assert.Equal([("m1@example.org", RemoteOptOutKind.Unsubscribed), ("m2@example.org", RemoteOptOutKind.Bounced)], first.OptOuts.Select(o => (o.Email, o.Kind)));
        Assert.Contains(("m3@example.org", RemoteOptOutKind.Unsubscribed), next.OptOuts.Select(o => (o.Email, o.Kind)));
        // The cursor's own instant is read again (harmless), nothing older.
        Assert.All(next.OptOuts, o => Assert.True(o.At >= first.OptOuts.Min(f => f.At)));
        Assert.DoesNotContain(next.OptOuts, o => o.Email is "m0@example.org" or "m4@example.org");
    }
}
