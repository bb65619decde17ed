using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Core.Tenancy;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using CancelMassSendRequest = MassEmail.Contracts.V1.CancelMassSendRequest;
using CoreSendState = MassEmail.Core.Sending.SendState;
using GetUsageRequest = MassEmail.Contracts.V1.GetUsageRequest;
using MassSendService = MassEmail.Contracts.V1.MassSendService;

namespace MassEmail.Server.Tests.Sending;

/// <summary>
/// Issue 10 item 5, from the outside: a send a crash left completed but unsettled gets its unused quota back from the
/// settlement pass, and a cancelled send gives back what it never attempted; usage (GetUsage) shows it. The states are
/// planted through the stores as a killed server leaves them, so nothing is sent and the numbers are exact.
/// </summary>
public abstract class QuotaSettlementTests(ServerFixture fixture)
{
    private static CancellationToken Ct => CancellationToken.None;

    private IServiceProvider Services => fixture.Server.Services;

    [SkippableFact]
    public async Task CompletedButUnsettledAfterACrash_SettlementPassGivesBackAllButSentAndUnknown()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Crash Settle Org");
        var send = await PlantAsync(org, CoreSendState.Completed, reserved: 30, sent: 20, unknown: 2, failed: 8);
        var client = new MassSendService.MassSendServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));

        var usage = await UsageAsync(client, used => used == 22);

        Assert.Equal(22, usage);
        var settled = await Services.GetRequiredService<IMassSendStore>().GetAsync(org.Organisation.Id, send.Id, Ct);
        Assert.True(settled!.QuotaSettled);
    }

    [SkippableFact]
    public async Task CancelOfAPausedSend_GivesBackWhatWasNeverAttempted()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Cancel Settle Org");
        var send = await PlantAsync(org, CoreSendState.Paused, reserved: 30, sent: 10, unknown: 0, failed: 0);
        var client = new MassSendService.MassSendServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        Assert.Equal(30, (await client.GetUsageAsync(new GetUsageRequest())).BulkUsed);

        await client.CancelMassSendAsync(new CancelMassSendRequest { Id = send.Id });

        Assert.Equal(10, await UsageAsync(client, used => used == 10));
        var counts = await Services.GetRequiredService<IDeliveryStore>().CountAsync(org.Organisation.Id, send.Id, Ct);
        Assert.Equal((10L, 20L), (counts.Sent, counts.Pending));
    }

    private static async Task<long> UsageAsync(MassSendService.MassSendServiceClient client, Func<long, bool> done) =>
        await Progress.WaitAsync(
            async () => (await client.GetUsageAsync(new GetUsageRequest())).BulkUsed,
            done,
            used => used,
            used => $"bulk usage is {used}");

    /// <summary>
    /// A send as a killed server leaves it: <paramref name="reserved"/> counted for today, its rows written and the first
    /// ones with their outcomes (<paramref name="sent"/>, then <paramref name="unknown"/>, then <paramref name="failed"/>),
    /// the rest PENDING, in <paramref name="state"/> and not settled. The send is planted paused and moved to
    /// <paramref name="state"/> only once its rows are written: a final send is work for the settlement pass, which,
    /// running in between, would settle it against rows not written yet.
    /// </summary>
    private async Task<MassSend> PlantAsync(ProvisionedOrganisation org, CoreSendState state, long reserved, int sent, int unknown, int failed)
    {
        var time = Services.GetRequiredService<TimeProvider>();
        var day = Services.GetRequiredService<QuotaPolicy>().Today;
        var orgId = org.Organisation.Id;
        Assert.True((await Services.GetRequiredService<IQuotaStore>().TryReserveAsync(orgId, QuotaPolicy.BulkCounter, day, reserved, 1_000_000, Ct)).Granted);
        var now = time.GetUtcNowMs();
        var send = await Services.GetRequiredService<IMassSendStore>().InsertOrGetAsync(
            new MassSend(Ids.New(), orgId, RecordModule.Candidates, Ids.New(), 1, AddressChoice.Organisation, AddressChoice.Organisation, org.Admin.Id,
                new SendContent("s", "<p>b</p>", null, TemplateEngineKind.Liquid, null, null).ToJson(), """{"record_ids":[]}""", $"planted-{Guid.NewGuid():N}", CoreSendState.Paused, "paused by a user",
                reserved, day, 5, now, now, true, null, null, null),
            Ct);

        var deliveries = Services.GetRequiredService<IDeliveryStore>();
        var rows = Enumerable.Range(0, (int)reserved).Select(i => new Delivery(
            Ids.New(time), orgId, send.Id, Ids.New(), $"r{i}@settle.example", DeliveryState.Pending, SkipReason.None, 0, null, null, "", "", now)).ToList();
        var attempted = sent + unknown + failed;
        await deliveries.AppendAsync(rows, Math.Max(1, attempted), Ct);
        if (attempted > 0)
        {
            var batch = await deliveries.ClaimBatchAsync(send.Id, "killed", now.AddMinutes(1), Ct);
            var outcomes = batch!.Rows.Select((d, i) => i < sent ? new DeliveryOutcome(d.Id, DeliveryState.Sent, SkipReason.None, 1, $"m{i}", "")
                : i < sent + unknown ? new DeliveryOutcome(d.Id, DeliveryState.Unknown, SkipReason.None, 1, "", "killed")
                : new DeliveryOutcome(d.Id, DeliveryState.Failed, SkipReason.None, 1, "", "rejected")).ToList();
            Assert.True(await deliveries.ReleaseAsync(batch, outcomes, now, Ct));
        }

        if (state == CoreSendState.Paused)
        {
            return send;
        }

        var final = send with { State = state, PauseReason = "", Version = send.Version + 1 };
        Assert.Equal(WriteOutcome.Done, await Services.GetRequiredService<IMassSendStore>().ReplaceAsync(final, send.Version, Ct));
        return final;
    }
}

[Trait("Store", "Sqlite")]
public sealed class QuotaSettlementSqliteTests(SqliteServerFixture f) : QuotaSettlementTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class QuotaSettlementMongoTests(MongoServerFixture f) : QuotaSettlementTests(f), IClassFixture<MongoServerFixture>;
