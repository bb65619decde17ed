using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests.Zoho;

/// <summary>How Zoho's answers become per-contact results.</summary>
public sealed class ZohoApplyTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private FakeZohoCampaigns fake = null!;

    public async Task InitializeAsync() => fake = await FakeZohoCampaigns.StartAsync(time);

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Apply_ListWithASignupForm_AppliedWithConfirmationRequested()
    {
        fake.AddList("signup", "Newsletter", signupForm: true);
        using var host = new ZohoHost(fake, time);

        var results = await host.Plugin.ApplyAsync(ZohoHost.Connection(), "signup",
            [new MembershipChange("r1", "s@example.org", MembershipChangeKind.Subscribe, new Dictionary<string, string> { ["First Name"] = "S" }, 1)],
            CancellationToken.None);

        Assert.Equal(MembershipOutcome.Applied, results[0].Outcome);
        Assert.True(results[0].ConfirmationRequested);
    }

    [Fact]
    public async Task Apply_Remove_UnsubscribesFromTheList_ZohoHavingNoRemoval()
    {
        var list = fake.AddList("l", "L");
        using var host = new ZohoHost(fake, time);
        await host.Plugin.ApplyAsync(ZohoHost.Connection(), "l", [MembershipChange.Of("r1", "deleted@example.org", MembershipChangeKind.Subscribe, 1)], CancellationToken.None);

        var results = await host.Plugin.ApplyAsync(ZohoHost.Connection(), "l",
            [MembershipChange.Of("r1", "deleted@example.org", MembershipChangeKind.Remove, 2)], CancellationToken.None);

        Assert.Equal(MembershipOutcome.Applied, results[0].Outcome);
        Assert.Equal(["subscribe", "unsubscribe"], list.History("deleted@example.org"));
        Assert.Equal("json/listunsubscribe", fake.Calls[^1].Endpoint);
    }

    [Fact]
    public async Task Apply_UnknownListKey_RejectedAsUnknownList()
    {
        using var host = new ZohoHost(fake, time);

        var results = await host.Plugin.ApplyAsync(ZohoHost.Connection(), "no-such-list",
            [MembershipChange.Of("r1", "a@example.org", MembershipChangeKind.Unsubscribe, 1), MembershipChange.Of("r2", "b@example.org", MembershipChangeKind.Subscribe, 2)],
            CancellationToken.None);

        Assert.All(results, r => Assert.Equal(RejectionReason.UnknownList, r.Reason));
    }

    [Fact]
    public async Task Apply_AddressOurParserRefuses_RejectedWithoutAnyCall()
    {
        fake.AddList("l", "L");
        using var host = new ZohoHost(fake, time);

        var results = await host.Plugin.ApplyAsync(ZohoHost.Connection(), "l",
            [MembershipChange.Of("r1", "not an address", MembershipChangeKind.Subscribe, 1)], CancellationToken.None);

        Assert.Equal(RejectionReason.InvalidEmail, results[0].Reason);
        Assert.DoesNotContain(fake.Calls, c => c.Endpoint != "token");
    }
}
