using Dapper;
using MassEmail.Core;
using MassEmail.Core.Sending;
using MassEmail.Core.Storage;
using MassEmail.Core.Templates;
using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

/// <summary>
/// Migration 6 adds the request fingerprint of sends: a send stored by an older build keeps every field
/// and reads with no fingerprint (Core then computes it from the stored request), and new sends store one.
/// </summary>
public sealed class SqliteSendFingerprintMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task InitializeAsync_FileAtVersion5WithASend_KeepsItWithoutFingerprintAndStoresNewOnes()
    {
        MassSend old = SendingData.Send(Ids.New(), Ids.New()) with { RequestFingerprint = null };
        var (path, db) = await fixture.NewFileAtVersionAsync(5);
        await using (db)
        {
            // The insert of the build before migration 6, column for column.
            await db.ExecuteAsync(
                """
                INSERT INTO mass_sends (id, org_id, module, template_id, template_version, from_choice, reply_to_choice, created_by,
                    content_json, audience_json, idempotency_key, state, pause_reason, reserved, quota_day, version, created_at, updated_at,
                    snapshot_complete, snapshot_owner, snapshot_lease_until)
                VALUES (@Id, @OrgId, @Module, @TemplateId, @TemplateVersion, @FromChoice, @ReplyToChoice, @CreatedBy,
                    @ContentJson, @AudienceJson, @IdempotencyKey, @State, @PauseReason, @Reserved, @QuotaDay, @Version, @CreatedAt, @UpdatedAt,
                    @SnapshotComplete, @SnapshotOwner, @SnapshotLeaseUntil);
                """,
                Row(old));
        }

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        IMassSendStore sends = services.GetRequiredService<IMassSendStore>();

        Assert.Equal(old, await sends.GetAsync(old.OrgId, old.Id, CancellationToken.None));
        Assert.Equal(old, await sends.GetByIdempotencyKeyAsync(old.OrgId, old.IdempotencyKey, CancellationToken.None));
        MassSend paused = old.Pause("user", old.UpdatedAt.AddSeconds(1));
        Assert.Equal(WriteOutcome.Done, await sends.ReplaceAsync(paused, old.Version, CancellationToken.None));
        Assert.Null((await sends.GetAsync(old.OrgId, old.Id, CancellationToken.None))!.RequestFingerprint);
        MassSend fresh = SendingData.Send(old.OrgId, old.CreatedByUserId);
        Assert.Equal(fresh, await sends.InsertOrGetAsync(fresh, CancellationToken.None));
        Assert.Equal(fresh.RequestFingerprint, (await sends.GetAsync(fresh.OrgId, fresh.Id, CancellationToken.None))!.RequestFingerprint);
    }

    /// <summary>A send as the builds before migration 6 wrote it, column for column (later migration tests add columns).</summary>
    internal static object Row(MassSend s) => new
    {
        s.Id,
        s.OrgId,
        Module = (long)s.Module,
        s.TemplateId,
        s.TemplateVersion,
        FromChoice = (long)s.FromChoice,
        ReplyToChoice = (long)s.ReplyToChoice,
        CreatedBy = s.CreatedByUserId,
        s.ContentJson,
        s.AudienceJson,
        s.IdempotencyKey,
        State = (long)s.State,
        s.PauseReason,
        s.Reserved,
        QuotaDay = s.QuotaDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        s.Version,
        CreatedAt = s.CreatedAt.ToUnixTimeMilliseconds(),
        UpdatedAt = s.UpdatedAt.ToUnixTimeMilliseconds(),
        SnapshotComplete = s.SnapshotComplete ? 1L : 0L,
        s.SnapshotOwner,
        SnapshotLeaseUntil = s.SnapshotLeaseUntil?.ToUnixTimeMilliseconds(),
    };
}
