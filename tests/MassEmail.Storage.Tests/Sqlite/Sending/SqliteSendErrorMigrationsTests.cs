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
/// The migrations that keep why a send's snapshot (<see cref="SnapshotErrorMigration"/>) and its batches
/// (<see cref="BatchErrorMigration"/>) last failed each upgrade a file of the build before them: its sends read as sends
/// that never failed there, what they had keeps, and a failure stored afterwards reads back.
/// </summary>
public sealed class SqliteSendErrorMigrationsTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    // The insert of the builds before the two migrations, column for column; the last adds snapshot_error.
    private const string Columns = """
        id, org_id, module, template_id, template_version, from_choice, reply_to_choice, created_by,
        content_json, audience_json, idempotency_key, state, pause_reason, reserved, quota_day, version, created_at, updated_at,
        snapshot_complete, snapshot_owner, snapshot_lease_until, request_fingerprint, quota_settled
        """;

    private const string Values = """
        @Id, @OrgId, @Module, @TemplateId, @TemplateVersion, @FromChoice, @ReplyToChoice, @CreatedBy,
        @ContentJson, @AudienceJson, @IdempotencyKey, @State, @PauseReason, @Reserved, @QuotaDay, @Version, @CreatedAt, @UpdatedAt,
        @SnapshotComplete, @SnapshotOwner, @SnapshotLeaseUntil, @RequestFingerprint, @QuotaSettled
        """;

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileBeforeTheSnapshotError_SendsReadWithoutASnapshotErrorAndStoreOneAfter()
    {
        MassSend old = SendingData.Send(Ids.New(), Ids.New()) with { State = SendState.Sending, QuotaSettled = false };
        await using ServiceProvider services = await UpgradeAsync(SnapshotErrorMigration.Sql, 29, old, $"INSERT INTO mass_sends ({Columns}) VALUES ({Values});");
        IMassSendStore sends = services.GetRequiredService<IMassSendStore>();

        MassSend? read = await sends.GetAsync(old.OrgId, old.Id, Ct);
        Assert.Equal(old, read);
        Assert.Equal("", read!.SnapshotError);
        MassSend failed = read.SnapshotFailed("database or disk is full");
        Assert.Equal(WriteOutcome.Done, await sends.ReplaceAsync(failed, read.Version, Ct));
        Assert.Equal(failed, await sends.GetAsync(old.OrgId, old.Id, Ct));
    }

    [Fact]
    public async Task InitializeAsync_FileBeforeTheBatchError_SendsKeepTheirSnapshotErrorReadWithoutABatchErrorAndStoreOneAfter()
    {
        MassSend old = SendingData.Send(Ids.New(), Ids.New()) with { State = SendState.Sending, QuotaSettled = false, SnapshotError = "database or disk is full" };
        await using ServiceProvider services = await UpgradeAsync(
            BatchErrorMigration.Sql, 30, old, $"INSERT INTO mass_sends ({Columns}, snapshot_error) VALUES ({Values}, @SnapshotError);");
        IMassSendStore sends = services.GetRequiredService<IMassSendStore>();

        MassSend? read = await sends.GetAsync(old.OrgId, old.Id, Ct);
        Assert.Equal(old, read);
        Assert.Equal("", read!.BatchError);
        MassSend failed = read.BatchFailed("disk I/O error");
        Assert.Equal(WriteOutcome.Done, await sends.ReplaceAsync(failed, read.Version, Ct));
        Assert.Equal(failed, await sends.GetAsync(old.OrgId, old.Id, Ct));
    }

    /// <summary>
    /// A file as the build before <paramref name="migration"/> (number <paramref name="version"/>) left it, with
    /// <paramref name="old"/> written by that build's <paramref name="insert"/>; then opened and upgraded by this build.
    /// </summary>
    private async Task<ServiceProvider> UpgradeAsync(string migration, int version, MassSend old, string insert)
    {
        Assert.Equal(version, SqliteSchema.Migrations.ToList().IndexOf(migration));
        var (path, db) = await fixture.NewFileAtVersionAsync(version);
        await using (db)
        {
            var row = new DynamicParameters(SqliteSendFingerprintMigrationTests.Row(old));
            row.Add("RequestFingerprint", old.RequestFingerprint);
            row.Add("QuotaSettled", 0);
            row.Add("SnapshotError", old.SnapshotError);
            await db.ExecuteAsync(insert, row);
        }

        ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);
        return services;
    }
}
