using Dapper;
using MassEmail.Core;
using MassEmail.Core.Sending;
using MassEmail.Core.Storage;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Sqlite.Migrations;
using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

/// <summary>
/// The quota settlement migration (<see cref="QuotaSettlementMigration"/>, the last one) upgrades a file of the build
/// before it: its sends read as settled (that build gave back a completed send's rest at completion and kept a cancelled
/// send's reservation), so the settlement pass gives nothing back twice; running ones, like new sends, unsettled (their
/// final write leaves them to be settled); releases are recorded.
/// </summary>
public sealed class SqliteQuotaSettlementMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    private static DynamicParameters Row(MassSend old)
    {
        var row = new DynamicParameters(SqliteSendFingerprintMigrationTests.Row(old));
        row.Add("RequestFingerprint", old.RequestFingerprint);
        return row;
    }

    [Fact]
    public async Task InitializeAsync_FileOfTheBuildBefore_FinalSendsReadSettledRunningAndNewOnesUnsettled()
    {
        // The file as the build before the migration left it: every migration before this one applied.
        var version = SqliteSchema.Migrations.ToList().IndexOf(QuotaSettlementMigration.Sql);
        Assert.Equal(15, version);
        MassSend completed = SendingData.Send(Ids.New(), Ids.New()) with { State = SendState.Completed, SnapshotComplete = true };
        MassSend cancelled = SendingData.Send(completed.OrgId, completed.CreatedByUserId) with { State = SendState.Cancelled };
        MassSend running = SendingData.Send(completed.OrgId, completed.CreatedByUserId) with { State = SendState.Paused };
        var (path, db) = await fixture.NewFileAtVersionAsync(version);
        await using (db)
        {
            foreach (MassSend old in new[] { completed, cancelled, running })
            {
                // The insert of the build before the migration, column for column.
                await db.ExecuteAsync(
                    """
                    INSERT INTO mass_sends (id, org_id, module, template_id, template_version, from_choice, reply_to_choice, created_by,
                        content_json, audience_json, idempotency_key, state, pause_reason, reserved, quota_day, version, created_at, updated_at,
                        snapshot_complete, snapshot_owner, snapshot_lease_until, request_fingerprint)
                    VALUES (@Id, @OrgId, @Module, @TemplateId, @TemplateVersion, @FromChoice, @ReplyToChoice, @CreatedBy,
                        @ContentJson, @AudienceJson, @IdempotencyKey, @State, @PauseReason, @Reserved, @QuotaDay, @Version, @CreatedAt, @UpdatedAt,
                        @SnapshotComplete, @SnapshotOwner, @SnapshotLeaseUntil, @RequestFingerprint);
                    """,
                    Row(old));
            }
        }

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);
        IMassSendStore sends = services.GetRequiredService<IMassSendStore>();

        Assert.Equal(completed with { QuotaSettled = true }, await sends.GetAsync(completed.OrgId, completed.Id, Ct));
        Assert.Equal(cancelled with { QuotaSettled = true }, await sends.GetAsync(cancelled.OrgId, cancelled.Id, Ct));
        Assert.Equal(running, await sends.GetAsync(running.OrgId, running.Id, Ct));
        Assert.Empty(await sends.ListUnsettledAsync(10, Ct));
        MassSend fresh = SendingData.Send(completed.OrgId, completed.CreatedByUserId) with { State = SendState.Cancelled };
        await sends.InsertOrGetAsync(fresh, Ct);
        Assert.Equal([fresh], await sends.ListUnsettledAsync(10, Ct));
        IQuotaStore quotas = services.GetRequiredService<IQuotaStore>();
        await quotas.TryReserveAsync(fresh.OrgId, "bulk", fresh.QuotaDay, 50, 100, Ct);
        Assert.Equal(20, await quotas.ReleaseUpToAsync(fresh.OrgId, "bulk", fresh.QuotaDay, fresh.Id, 20, Ct));
        Assert.Equal(0, await quotas.ReleaseUpToAsync(fresh.OrgId, "bulk", fresh.QuotaDay, fresh.Id, 20, Ct));
    }
}
