using MassEmail.Core.Deliverability;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Deliverability;

/// <summary>What every <see cref="IProcessedEventStore"/> must do: remember an event once marked, marking twice (or at once) is harmless.</summary>
public abstract class ProcessedEventStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    [SkippableFact]
    public async Task MarkProcessedAsync_ThenIsProcessed_TrueOnlyForThatEvent()
    {
        var store = Store<IProcessedEventStore>();
        var id = Guid.NewGuid().ToString();

        Assert.False(await store.IsProcessedAsync(id, Ct));
        await store.MarkProcessedAsync(id, "Bounce", TestData.Now(), Ct);

        Assert.True(await store.IsProcessedAsync(id, Ct));
        Assert.False(await store.IsProcessedAsync(Guid.NewGuid().ToString(), Ct));
    }

    [SkippableFact]
    public async Task MarkProcessedAsync_ManyAtOnceAndAgain_NoError()
    {
        var store = Store<IProcessedEventStore>();
        var id = Guid.NewGuid().ToString();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.MarkProcessedAsync(id, "Complaint", TestData.Now(), Ct)));
        await store.MarkProcessedAsync(id, "Complaint", TestData.Now(), Ct);

        Assert.True(await store.IsProcessedAsync(id, Ct));
    }
}
