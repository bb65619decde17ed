using Dapper;
using MassEmail.Core;
using MassEmail.Core.Sending;
using MassEmail.Core.Storage;
using MassEmail.Core.Templates;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Sqlite.Sending;
using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

/// <summary>
/// The snapshot error migration (<see cref="SnapshotErrorMigration"/>) upgrades a file of the build before it: its sends
/// read as sends whose snapshot never failed, and a failure stored afterwards reads back.
/// </summary>
public sealed class SqliteSnapshotErrorMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileOfTheBuildBefore_SendsReadWithoutASnapshotErrorAndStoreOneAfter()
    {
        // The file as the build before the migration left it: every migration before this one applied.
        var version = SqliteSchema.Migrations.ToList().IndexOf(SnapshotErrorMigration.Sql);
        Assert.Equal(29, version);
        MassSend old = SendingData.Send(Ids.New(), Ids.New()) with { State = SendState.Sending, QuotaSettled = false };
        var (path, db) = await fixture.NewFileAtVersionAsync(version);
        await using (db)
        {
            var row = new DynamicParameters(SqliteSendFingerprintMigrationTests.Row(old));
            row.Add("RequestFingerprint", old.RequestFingerprint);
            row.Add("QuotaSettled", 0);

            // The insert of the build before the migration, column for column.
            await db.ExecuteAsync(
                """
                INSERT INTO mass_sends (id, org_id, module, template_id, template_version, from_choice, reply_to_choice, created_by,
                    content_json, audience_json, idempotency_key, state, pause_reason, reserved, quota_day, version, created_at, updated_at,
                    snapshot_complete, snapshot_owner, snapshot_lease_until, request_fingerprint, quota_settled)
                VALUES (@Id, @OrgId, @Module, @TemplateId, @TemplateVersion, @FromChoice, @ReplyToChoice, @CreatedBy,
                    @ContentJson, @AudienceJson, @IdempotencyKey, @State, @PauseReason, @Reserved, @QuotaDay, @Version, @CreatedAt, @UpdatedAt,
                    @SnapshotComplete, @SnapshotOwner, @SnapshotLeaseUntil, @RequestFingerprint, @QuotaSettled);
                """,
                row);
        }

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);
        IMassSendStore sends = services.GetRequiredService<IMassSendStore>();

        MassSend? read = await sends.GetAsync(old.OrgId, old.Id, Ct);
        Assert.Equal(old, read);
        Assert.Equal("", read!.SnapshotError);
        MassSend failed = read.SnapshotFailed("database or disk is full");
        Assert.Equal(WriteOutcome.Done, await sends.ReplaceAsync(failed, read.Version, Ct));
        Assert.Equal(failed, await sends.GetAsync(old.OrgId, old.Id, Ct));
    }
}
