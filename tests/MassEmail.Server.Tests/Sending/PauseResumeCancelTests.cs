using MassEmail.Contracts.V1;

namespace MassEmail.Server.Tests.Sending;

/// <summary>Pause then resume never re-sends; cancel stops within one batch; watch streams until the final state.</summary>
public abstract class PauseResumeCancelTests(SlowEmulatorServer fixture)
{
    [SkippableFact]
    public async Task PauseThenResume_SendsEveryRecipientExactlyOnce()
    {
        fixture.SkipIfUnavailable();
        const string domain = "pause.example";
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Pause Org", domain, 200);
        var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "pause-1"))).Send;
        await SendHelpers.WaitAsync(setup.Sends, send.Id, s => s.Counts?.Sent >= 30);

        var paused = await setup.Sends.PauseMassSendAsync(new PauseMassSendRequest { Id = send.Id });
        Assert.Equal(SendState.Paused, paused.Send.State);
        await SendHelpers.WaitAsync(setup.Sends, send.Id, s => s.Counts.Claimed == 0);
        var leftWhilePaused = (await SendHelpers.MailToAsync(fixture.Emulator, domain)).Count;
        await Task.Delay(1500);
        Assert.Equal(leftWhilePaused, (await SendHelpers.MailToAsync(fixture.Emulator, domain)).Count);
        Assert.True(leftWhilePaused < 200, "the send finished before the pause took effect; the test proves nothing");

        await setup.Sends.ResumeMassSendAsync(new ResumeMassSendRequest { Id = send.Id });
        var updates = await SendHelpers.WatchAsync(setup.Sends, send.Id);

        Assert.Equal(SendState.Completed, updates[^1].State);
        Assert.Equal(200, updates[^1].Counts.Sent);
        var mail = await SendHelpers.MailToAsync(fixture.Emulator, domain);
        Assert.Equal(200, mail.Count);
        Assert.Equal(200, mail.Distinct().Count());
    }

    [SkippableFact]
    public async Task Cancel_StopsWithinOneBatch_AndWatchEndsCancelled()
    {
        fixture.SkipIfUnavailable();
        const string domain = "cancel.example";
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Cancel Org", domain, 200);
        var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "cancel-1"))).Send;
        var watching = SendHelpers.WatchAsync(setup.Sends, send.Id);
        await SendHelpers.WaitAsync(setup.Sends, send.Id, s => s.Counts?.Sent >= 20);

        var cancelled = await setup.Sends.CancelMassSendAsync(new CancelMassSendRequest { Id = send.Id });
        var sentAtCancel = (await setup.Sends.GetMassSendAsync(new GetMassSendRequest { Id = send.Id })).Send.Counts.Sent;
        var updates = await watching;
        await Task.Delay(1000);

        Assert.Equal(SendState.Cancelled, cancelled.Send.State);
        Assert.Equal(SendState.Cancelled, updates[^1].State);
        Assert.True(updates.Count >= 2, "watch should stream progress before the final state");
        var mail = await SendHelpers.MailToAsync(fixture.Emulator, domain);
        Assert.InRange(mail.Count, sentAtCancel, sentAtCancel + 10);
        Assert.Equal(mail.Count, mail.Distinct().Count());
        var final = (await setup.Sends.GetMassSendAsync(new GetMassSendRequest { Id = send.Id })).Send;
        Assert.Equal(mail.Count, final.Counts.Sent);
        Assert.True(final.Counts.Pending > 0);
    }
}

[Trait("Store", "Sqlite")]
public sealed class PauseResumeCancelSqliteTests(SqliteSlowEmulatorServer f) : PauseResumeCancelTests(f), IClassFixture<SqliteSlowEmulatorServer>;

[Trait("Store", "Mongo")]
public sealed class PauseResumeCancelMongoTests(MongoSlowEmulatorServer f) : PauseResumeCancelTests(f), IClassFixture<MongoSlowEmulatorServer>;
