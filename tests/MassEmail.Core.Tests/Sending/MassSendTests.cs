using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Tests.Sending;

/// <summary>The send's state machine around its snapshot: sending starts with the first rows, completion waits for the last.</summary>
public sealed class MassSendTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SnapshotStarted_Queued_StartsSendingWithoutCompletingTheSnapshot()
    {
        MassSend started = Queued().SnapshotStarted(At);

        Assert.Equal(SendState.Sending, started.State);
        Assert.False(started.SnapshotComplete);
        Assert.Equal(Queued().Version, started.Version);
        Assert.Equal(At, started.UpdatedAt);
    }

    [Theory]
    [InlineData(SendState.Sending)]
    [InlineData(SendState.Paused)]
    [InlineData(SendState.Cancelled)]
    public void SnapshotStarted_NotQueued_KeepsTheState(SendState state)
    {
        MassSend send = Queued() with { State = state };

        Assert.Same(send, send.SnapshotStarted(At));
    }

    [Fact]
    public void Resume_PausedDuringSnapshot_GoesBackToQueuedUntilTheSnapshotGoesOn()
    {
        MassSend paused = Queued().SnapshotStarted(At).Pause("user", At);

        Assert.Equal(SendState.Queued, paused.Resume(At).State);
        Assert.Equal(SendState.Sending, (paused with { SnapshotComplete = true }).Resume(At).State);
    }

    [Fact]
    public void SnapshotDone_StartedSend_StaysSendingAndRecordsTheReservation()
    {
        MassSend done = Queued().SnapshotStarted(At).SnapshotDone(At, 42);

        Assert.Equal(SendState.Sending, done.State);
        Assert.True(done.SnapshotComplete);
        Assert.Equal(42, done.Reserved);
        Assert.Null(done.SnapshotOwner);
    }

    [Fact]
    public void Complete_Queued_IsRefused() =>
        Assert.Throws<PreconditionFailedException>(() => Queued().Complete(At));

    [Fact]
    public void QuotaSettled_EveryFinalStateStartsUnsettledAndOnlyAFinalSendSettles()
    {
        MassSend sending = Queued().SnapshotStarted(At).SnapshotDone(At, 10);
        MassSend completed = sending.Complete(At).Settled(At);

        Assert.True(completed.QuotaSettled);
        Assert.Equal(sending.Version + 2, completed.Version);
        Assert.False(completed.Reopen(At).QuotaSettled);
        Assert.False((completed.Reopen(At) with { QuotaSettled = true }).Cancel(At).QuotaSettled);
        Assert.Throws<PreconditionFailedException>(() => sending.Settled(At));
    }

    private static MassSend Queued() => new(
        "0123456789abcdef01234567", "0123456789abcdef01234568", RecordModule.Candidates, "0123456789abcdef01234569", 1,
        AddressChoice.Organisation, AddressChoice.Organisation, "0123456789abcdef0123456a", "{}", "{}", "key", SendState.Queued, "", 10,
        new DateOnly(2026, 11, 26), 3, At.AddMinutes(-1), At.AddMinutes(-1), false, "worker", At.AddMinutes(1), null);
}
