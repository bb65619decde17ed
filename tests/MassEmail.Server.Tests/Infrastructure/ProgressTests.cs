namespace MassEmail.Server.Tests.Infrastructure;

/// <summary>
/// The test kit's waits (issue 9, defect 12): a slow machine makes work slower, not wrong, so a wait fails
/// only when nothing changed for the stall interval, never because the work took longer than some total.
/// </summary>
public sealed class ProgressTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task WaitAsync_ProgressAtEveryLook_WaitsFarBeyondTheStallInterval()
    {
        var looks = 0;
        var waited = System.Diagnostics.Stopwatch.StartNew();

        // Each look sees a new value, however slowly the machine runs: 40 looks 100 ms apart take 4 stall intervals.
        var result = await Progress.WaitAsync(() => ++looks, n => n == 40, n => n, n => $"{n} looks", Stall);

        Assert.Equal(40, result);
        Assert.True(waited.Elapsed > 3 * Stall, $"the test proves nothing: it waited only {waited.Elapsed}");
    }

    [Fact]
    public async Task WaitAsync_NothingChanges_FailsWithTheLastObservation()
    {
        var error = await Assert.ThrowsAsync<NoProgressException>(
            () => Progress.WaitAsync(() => 7, n => n > 7, n => n, n => $"stuck at {n}", Stall));

        Assert.Contains($"no progress for {Stall}", error.Message);
        Assert.EndsWith("stuck at 7", error.Message);
    }

    [Fact]
    public async Task WaitAsync_DoneAtOnce_ReturnsWithoutWaiting()
    {
        var result = await Progress.WaitAsync(() => "ready", s => s == "ready", s => s, s => s, Stall);

        Assert.Equal("ready", result);
    }
}
