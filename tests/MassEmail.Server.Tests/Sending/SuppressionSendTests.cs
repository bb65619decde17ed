using MassEmail.Contracts.V1;

namespace MassEmail.Server.Tests.Sending;

/// <summary>An address on the suppression list is skipped as SUPPRESSED and never reaches SES, whatever its case.</summary>
public abstract class SuppressionSendTests(EmulatorServer fixture)
{
    [SkippableFact]
    public async Task Send_SuppressedAddress_SkippedAtSnapshotAndNeverMailed()
    {
        fixture.SkipIfUnavailable();
        const string domain = "suppress.example";
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Suppress Org", domain, 20);
        var recipients = new RecipientsService.RecipientsServiceClient(setup.Invoker);
        var added = await recipients.AddSuppressionAsync(new AddSuppressionRequest { Email = $"P3@{domain.ToUpperInvariant()}" });
        Assert.True(added.Added);
        Assert.Equal($"P3@{domain}", added.Suppression.Email);
        Assert.Equal(SuppressionReason.Manual, added.Suppression.Reason);

        var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "suppress-1"))).Send;
        var final = (await SendHelpers.WatchAsync(setup.Sends, send.Id))[^1];

        Assert.Equal(SendState.Completed, final.State);
        var skipped = await setup.Sends.ListDeliveriesAsync(new ListDeliveriesRequest { SendId = send.Id, SkipReason = SkipReason.Suppressed });
        Assert.Equal($"p3@{domain}", Assert.Single(skipped.Deliveries).Email);
        Assert.Equal(DeliveryState.Skipped, skipped.Deliveries[0].State);
        var mail = await SendHelpers.MailToAsync(fixture.Emulator, domain);
        Assert.Equal(19, mail.Count);
        Assert.DoesNotContain($"p3@{domain}", mail);
    }

    [SkippableFact]
    public async Task SuppressionRpcs_AddCheckListRemove_CaseInsensitiveAndIdempotent()
    {
        fixture.SkipIfUnavailable();
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Suppress Rpc Org", "suppress-rpc.example", 1);
        var recipients = new RecipientsService.RecipientsServiceClient(setup.Invoker);
        foreach (var email in new[] { "c@list.example", "a@list.example", "b@list.example" })
        {
            await recipients.AddSuppressionAsync(new AddSuppressionRequest { Email = email, Reason = SuppressionReason.Complaint });
        }

        var again = await recipients.AddSuppressionAsync(new AddSuppressionRequest { Email = "A@LIST.example" });
        var check = await recipients.CheckSuppressionAsync(new CheckSuppressionRequest { Email = "a@List.Example" });
        var first = await recipients.ListSuppressionsAsync(new ListSuppressionsRequest { PageSize = 2 });
        var second = await recipients.ListSuppressionsAsync(new ListSuppressionsRequest { PageSize = 2, PageToken = first.NextPageToken });
        var removed = await recipients.RemoveSuppressionAsync(new RemoveSuppressionRequest { Email = "a@list.EXAMPLE" });
        var removedAgain = await recipients.RemoveSuppressionAsync(new RemoveSuppressionRequest { Email = "a@list.example" });
        var after = await recipients.CheckSuppressionAsync(new CheckSuppressionRequest { Email = "a@list.example" });

        Assert.False(again.Added);
        Assert.Equal(SuppressionReason.Complaint, again.Suppression.Reason);
        Assert.True(check.Suppressed);
        Assert.Equal("a@list.example", check.Suppression.Email);
        Assert.Equal(["a@list.example", "b@list.example", "c@list.example"], first.Suppressions.Concat(second.Suppressions).Select(s => s.Email));
        Assert.Equal("", second.NextPageToken);
        Assert.True(removed.Removed);
        Assert.False(removedAgain.Removed);
        Assert.False(after.Suppressed);
        Assert.Null(after.Suppression);
    }
}

/// <summary>An address suppressed after the snapshot wrote its row is skipped when the row is dispatched.</summary>
public abstract class SuppressionDispatchTests(SlowEmulatorServer fixture)
{
    [SkippableFact]
    public async Task Send_SuppressedBetweenSnapshotAndDispatch_SkippedAtDispatch()
    {
        fixture.SkipIfUnavailable();
        const string domain = "suppress-late.example";
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Suppress Late Org", domain, 100);
        var recipients = new RecipientsService.RecipientsServiceClient(setup.Invoker);
        var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "suppress-late-1"))).Send;
        await SendHelpers.WaitAsync(setup.Sends, send.Id, s => s.Counts?.Sent >= 10);
        await setup.Sends.PauseMassSendAsync(new PauseMassSendRequest { Id = send.Id });
        await SendHelpers.WaitAsync(setup.Sends, send.Id, s => s.Counts.Claimed == 0);
        var pending = await setup.Sends.ListDeliveriesAsync(new ListDeliveriesRequest { SendId = send.Id, State = DeliveryState.Pending, PageSize = 1000 });
        Assert.True(pending.Deliveries.Count > 0, "the send finished before the pause; the test proves nothing");
        var target = pending.Deliveries[^1];

        await recipients.AddSuppressionAsync(new AddSuppressionRequest { Email = target.Email.ToUpperInvariant() });
        await setup.Sends.ResumeMassSendAsync(new ResumeMassSendRequest { Id = send.Id });
        var final = (await SendHelpers.WatchAsync(setup.Sends, send.Id))[^1];

        Assert.Equal(SendState.Completed, final.State);
        var skipped = await setup.Sends.ListDeliveriesAsync(new ListDeliveriesRequest { SendId = send.Id, SkipReason = SkipReason.Suppressed });
        Assert.Equal(target.Id, Assert.Single(skipped.Deliveries).Id);
        var mail = await SendHelpers.MailToAsync(fixture.Emulator, domain);
        Assert.Equal(99, mail.Count);
        Assert.DoesNotContain(target.Email, mail);
    }
}

[Trait("Store", "Sqlite")]
public sealed class SuppressionSendSqliteTests(SqliteEmulatorServer f) : SuppressionSendTests(f), IClassFixture<SqliteEmulatorServer>;

[Trait("Store", "Mongo")]
public sealed class SuppressionSendMongoTests(MongoEmulatorServer f) : SuppressionSendTests(f), IClassFixture<MongoEmulatorServer>;

[Trait("Store", "Sqlite")]
public sealed class SuppressionDispatchSqliteTests(SqliteSlowEmulatorServer f) : SuppressionDispatchTests(f), IClassFixture<SqliteSlowEmulatorServer>;

[Trait("Store", "Mongo")]
public sealed class SuppressionDispatchMongoTests(MongoSlowEmulatorServer f) : SuppressionDispatchTests(f), IClassFixture<MongoSlowEmulatorServer>;
