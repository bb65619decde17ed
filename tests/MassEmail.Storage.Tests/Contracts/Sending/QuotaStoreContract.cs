using MassEmail.Core.Sending;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Testing;

namespace MassEmail.Storage.Tests.Contracts.Sending;

/// <summary>What every <see cref="IQuotaStore"/> must do: daily counters per organisation and name that concurrent reservations never overspend.</summary>
public abstract class QuotaStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private static readonly DateOnly Day = new(2031, 3, 14);

    private IQuotaStore Quotas => Store<IQuotaStore>();

    [SkippableFact]
    public async Task TryReserveAsync_WithinLimit_GrantsAndCountsUp()
    {
        var orgId = await NewOrgAsync();

        Assert.Equal((true, 30L), await Quotas.TryReserveAsync(orgId, "bulk", Day, 30, 100, Ct));
        Assert.Equal((true, 100L), await Quotas.TryReserveAsync(orgId, "bulk", Day, 70, 100, Ct));

        Assert.Equal(100, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
    }

    [SkippableFact]
    public async Task TryReserveAsync_BeyondLimit_RefusesAndLeavesCounter()
    {
        var orgId = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 90, 100, Ct);

        Assert.Equal((false, 90L), await Quotas.TryReserveAsync(orgId, "bulk", Day, 11, 100, Ct));
        Assert.Equal((false, 90L), await Quotas.TryReserveAsync(orgId, "bulk", Day, 1, 50, Ct));

        Assert.Equal(90, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
        Assert.Equal((true, 100L), await Quotas.TryReserveAsync(orgId, "bulk", Day, 10, 100, Ct));
    }

    [SkippableFact]
    public async Task TryReserveAsync_MoreThanLimitOnUnusedCounter_RefusesWithNothingUsed()
    {
        var orgId = await NewOrgAsync();

        Assert.Equal((false, 0L), await Quotas.TryReserveAsync(orgId, "bulk", Day, 101, 100, Ct));
        Assert.Equal((false, 0L), await Quotas.TryReserveAsync(orgId, "bulk", Day, 1, 0, Ct));

        Assert.Equal(0, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
    }

    [SkippableFact]
    public async Task TryReserveAsync_ZeroAmount_GrantsWithoutCounting()
    {
        var orgId = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 5, 5, Ct);

        Assert.Equal((true, 5L), await Quotas.TryReserveAsync(orgId, "bulk", Day, 0, 5, Ct));
        Assert.Equal((true, 0L), await Quotas.TryReserveAsync(orgId, "bulk", Day.AddDays(1), 0, 5, Ct));
    }

    [SkippableFact]
    public async Task TryReserveAsync_OtherOrgCounterOrDay_CountsSeparately()
    {
        var orgId = await NewOrgAsync();
        var otherOrg = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 10, 10, Ct);

        Assert.Equal((true, 7L), await Quotas.TryReserveAsync(otherOrg, "bulk", Day, 7, 10, Ct));
        Assert.Equal((true, 8L), await Quotas.TryReserveAsync(orgId, "user:0123456789abcdef01234567", Day, 8, 10, Ct));
        Assert.Equal((true, 9L), await Quotas.TryReserveAsync(orgId, "bulk", Day.AddDays(1), 9, 10, Ct));

        Assert.Equal(10, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
        Assert.Equal(7, await Quotas.GetUsedAsync(otherOrg, "bulk", Day, Ct));
        Assert.Equal(0, await Quotas.GetUsedAsync(otherOrg, "user:0123456789abcdef01234567", Day, Ct));
        Assert.Equal(0, await Quotas.GetUsedAsync(orgId, "bulk", Day.AddDays(-1), Ct));
    }

    [SkippableFact]
    public async Task TryReserveAsync_CountsBeyondInt32_StayExact()
    {
        var orgId = await NewOrgAsync();
        const long limit = 10_000_000_000;

        Assert.Equal((true, 5_000_000_000L), await Quotas.TryReserveAsync(orgId, "bulk", Day, 5_000_000_000, limit, Ct));
        Assert.Equal((true, limit), await Quotas.TryReserveAsync(orgId, "bulk", Day, 5_000_000_000, limit, Ct));
        Assert.Equal((false, limit), await Quotas.TryReserveAsync(orgId, "bulk", Day, 1, limit, Ct));

        await Quotas.ReleaseAsync(orgId, "bulk", Day, 1, Ct);
        Assert.Equal(limit - 1, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
    }

    [SkippableFact]
    public async Task TryReserveAsync_TwentyConcurrentForTheLastUnits_NeverOverspend()
    {
        var orgId = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 93, 100, Ct);

        (bool Granted, long Used)[] results = await Race.RunAsync(20, _ => Quotas.TryReserveAsync(orgId, "bulk", Day, 1, 100, Ct));

        Assert.Equal(7, results.Count(r => r.Granted));
        Assert.Equal(Enumerable.Range(94, 7).Select(u => (long)u), results.Where(r => r.Granted).Select(r => r.Used).Order());
        Assert.All(results.Where(r => !r.Granted), r => Assert.Equal(100, r.Used));
        Assert.Equal(100, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
    }

    [SkippableFact]
    public async Task TryReserveAsync_TwentyConcurrentFirstUsesOfCounter_NeverOverspend()
    {
        var orgId = await NewOrgAsync();

        // Unequal amounts on a counter nobody used yet: creating it is part of the race.
        (bool Granted, long Used)[] results = await Race.RunAsync(20, i => Quotas.TryReserveAsync(orgId, "bulk", Day, 1 + (i % 3), 15, Ct));

        var granted = results.Select((r, i) => (r.Granted, Amount: 1 + (i % 3))).Where(r => r.Granted).Sum(r => r.Amount);
        var used = await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct);
        Assert.Equal(granted, used);
        Assert.InRange(used, 13, 15);
        Assert.Equal(results.Where(r => r.Granted).Select(r => r.Used).Distinct().Count(), results.Count(r => r.Granted));
    }

    [SkippableFact]
    public async Task ReleaseAsync_Reserved_GivesBackAndNeverGoesBelowZero()
    {
        var orgId = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 10, 100, Ct);

        await Quotas.ReleaseAsync(orgId, "bulk", Day, 4, Ct);
        Assert.Equal(6, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));

        await Quotas.ReleaseAsync(orgId, "bulk", Day, 50, Ct);
        Assert.Equal(0, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));

        await Quotas.ReleaseAsync(orgId, "bulk", Day.AddDays(1), 5, Ct);
        Assert.Equal(0, await Quotas.GetUsedAsync(orgId, "bulk", Day.AddDays(1), Ct));
        Assert.Equal((true, 100L), await Quotas.TryReserveAsync(orgId, "bulk", Day, 100, 100, Ct));
    }

    [SkippableFact]
    public async Task ReleaseAsync_OtherOrg_LeavesCounter()
    {
        var orgId = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 10, 100, Ct);

        await Quotas.ReleaseAsync(await NewOrgAsync(), "bulk", Day, 10, Ct);

        Assert.Equal(10, await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
    }

    [SkippableFact]
    public async Task ReleaseAsync_ConcurrentWithReservations_KeepsExactCount()
    {
        var orgId = await NewOrgAsync();
        await Quotas.TryReserveAsync(orgId, "bulk", Day, 50, 1000, Ct);

        await Race.RunAsync(20, i => i % 2 == 0
            ? Quotas.TryReserveAsync(orgId, "bulk", Day, 3, 1000, Ct)
            : Quotas.ReleaseAsync(orgId, "bulk", Day, 2, Ct));

        Assert.Equal(50 + (10 * 3) - (10 * 2), await Quotas.GetUsedAsync(orgId, "bulk", Day, Ct));
    }
}
