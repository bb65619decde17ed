using MassEmail.Core.Sending.RateSharing;
using MassEmail.Core.Templates;
using MassEmail.Storage.Tests.Fixtures;
using MassEmail.Testing;

namespace MassEmail.Storage.Tests.Contracts.Sending;

/// <summary>
/// What every <see cref="IRateGroupStore"/> must do: keep one group per account key, written whole and only from the
/// version the writer read, so that of any writers racing from one version exactly one wins (the shares of a group
/// can then never add up to more than the rate).
/// </summary>
public abstract class RateGroupStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IRateGroupStore Groups => Store<IRateGroupStore>();

    [SkippableFact]
    public async Task GetAsync_NeverWritten_Null()
    {
        Assert.Null(await Groups.GetAsync(NewKey(), Ct));
    }

    [SkippableFact]
    public async Task WriteAsync_FirstAtVersionZero_StoresEveryField()
    {
        var group = new RateGroup(NewKey(), 1, 5_000_000_000, [
            new RateGroupMember("0f8fad5bd9cb469fa16570867728950e", 167, true, 3_000_000_000),
            new RateGroupMember("7c9e6679742540de944be07fc1f90ae7", 0, false, 1),
        ]);

        Assert.Equal(WriteOutcome.Done, await Groups.WriteAsync(group, 0, Ct));

        AssertSame(group, await Groups.GetAsync(group.Key, Ct));
    }

    [SkippableFact]
    public async Task WriteAsync_FromTheStoredVersion_ReplacesTheWholeGroup()
    {
        var key = NewKey();
        await Groups.WriteAsync(new RateGroup(key, 1, 0, [new("a", 250, true, 1), new("b", 250, true, 1)]), 0, Ct);
        var next = new RateGroup(key, 2, 1, [new("b", 500, true, 2)]);

        Assert.Equal(WriteOutcome.Done, await Groups.WriteAsync(next, 1, Ct));
        AssertSame(next, await Groups.GetAsync(key, Ct));

        var empty = new RateGroup(key, 3, 1, []);
        Assert.Equal(WriteOutcome.Done, await Groups.WriteAsync(empty, 2, Ct));
        AssertSame(empty, await Groups.GetAsync(key, Ct));
    }

    [SkippableFact]
    public async Task WriteAsync_FromAnyOtherVersion_VersionMismatchAndNothingChanges()
    {
        var key = NewKey();
        Assert.Equal(WriteOutcome.VersionMismatch, await Groups.WriteAsync(new RateGroup(key, 2, 0, [new("a", 1, true, 1)]), 1, Ct));
        Assert.Null(await Groups.GetAsync(key, Ct));

        var stored = new RateGroup(key, 1, 0, [new("a", 100, true, 1)]);
        await Groups.WriteAsync(stored, 0, Ct);
        Assert.Equal(WriteOutcome.VersionMismatch, await Groups.WriteAsync(new RateGroup(key, 1, 0, [new("b", 100, true, 1)]), 0, Ct));
        Assert.Equal(WriteOutcome.VersionMismatch, await Groups.WriteAsync(new RateGroup(key, 3, 0, [new("b", 100, true, 1)]), 2, Ct));

        AssertSame(stored, await Groups.GetAsync(key, Ct));
    }

    [SkippableFact]
    public async Task WriteAsync_OtherKey_IsAnotherGroup()
    {
        var (first, second) = (NewKey(), NewKey());
        await Groups.WriteAsync(new RateGroup(first, 1, 0, [new("a", 14, true, 1)]), 0, Ct);

        Assert.Equal(WriteOutcome.Done, await Groups.WriteAsync(new RateGroup(second, 1, 0, [new("b", 500, true, 1)]), 0, Ct));

        Assert.Equal("a", Assert.Single((await Groups.GetAsync(first, Ct))!.Members).Id);
        Assert.Equal("b", Assert.Single((await Groups.GetAsync(second, Ct))!.Members).Id);
    }

    [SkippableFact]
    public async Task WriteAsync_TwentyFirstWritesRacing_ExactlyOneWins()
    {
        var key = NewKey();

        var outcomes = await Race.RunAsync(20, i => Groups.WriteAsync(new RateGroup(key, 1, 0, [new($"m{i}", 100, true, 1)]), 0, Ct));

        var winner = Assert.Single(Enumerable.Range(0, 20), i => outcomes[i] == WriteOutcome.Done);
        Assert.Equal($"m{winner}", Assert.Single((await Groups.GetAsync(key, Ct))!.Members).Id);
    }

    [SkippableFact]
    public async Task WriteAsync_TwentyRacingFromOneVersion_ExactlyOneWins()
    {
        var key = NewKey();
        await Groups.WriteAsync(new RateGroup(key, 1, 0, []), 0, Ct);

        var outcomes = await Race.RunAsync(20, i => Groups.WriteAsync(new RateGroup(key, 2, 0, [new($"m{i}", 100, true, 1)]), 1, Ct));

        var winner = Assert.Single(Enumerable.Range(0, 20), i => outcomes[i] == WriteOutcome.Done);
        var stored = (await Groups.GetAsync(key, Ct))!;
        Assert.Equal(2, stored.Version);
        Assert.Equal($"m{winner}", Assert.Single(stored.Members).Id);
    }

    private static string NewKey() => $"ses-{Guid.NewGuid():N}";

    private static void AssertSame(RateGroup expected, RateGroup? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Members = [] }, actual with { Members = [] });
        Assert.Equal(expected.Members, actual.Members);
    }
}
