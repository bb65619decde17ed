using Dapper;
using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Storage;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Recipients;

/// <summary>
/// Migration 7 adds the reason an address is invalid: records of version 6 keep every value, read with no reason,
/// and take one when next written.
/// </summary>
public sealed class SqliteEmailReasonMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileAtVersion6WithRecords_KeepsThemWithNoReason_AndStoresReasonsAfter()
    {
        Organisation org = TestData.Organisation();
        string valid = Ids.New(), invalid = Ids.New();
        var (path, db) = await fixture.NewFileAtVersionAsync(6);
        await using (db)
        {
            await db.ExecuteAsync(
                """
                INSERT INTO organisations (org_id, name, edition, email, street, city, region, postal_code, country, created_at)
                VALUES (@Id, @Name, 2, @Email, '', '', '', '', '', 1000);
                """,
                org);
            // The address a version-6 build stored as valid with its invisible character dropped, and one it flagged.
            foreach (var (id, ext, email, normalized, status) in new[]
            {
                (valid, "v", "user@exam\u200Bple.com", "user@example.com", EmailStatus.Valid),
                (invalid, "i", "not-an-address", "", EmailStatus.Invalid),
            })
            {
                await db.ExecuteAsync(
                    """
                    INSERT INTO records (org_id, module, id, external_id, name, first_name, last_name, email, email_normalized, email_status,
                                         email_key, phone, owner_user_id, client_external_id, email_opt_out, custom, custom_dates, content_hash,
                                         created_at, updated_at)
                    VALUES (@org, 1, @id, @ext, '', 'Ada', '', @email, @normalized, @status, @normalized, '', NULL, NULL, 0, '{}', NULL, 'h', 1000, 2000);
                    """,
                    new { org = org.Id, id, ext, email, normalized, status = (long)status });
            }
        }

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);
        IRecordStore records = services.GetRequiredService<IRecordStore>();

        RecipientRecord before = (await records.GetAsync(org.Id, valid, Ct))!;
        Assert.Equal(("user@exam\u200Bple.com", "user@example.com", EmailStatus.Valid, ""), (before.Email, before.EmailNormalized, before.EmailStatus, before.EmailInvalidReason));
        RecipientRecord flaggedBefore = (await records.GetAsync(org.Id, invalid, Ct))!;
        Assert.Equal((EmailStatus.Invalid, ""), (flaggedBefore.EmailStatus, flaggedBefore.EmailInvalidReason));
        var members = await services.GetRequiredService<IAudienceStore>()
            .SampleAsync(new AudienceQuery(org.Id, RecordModule.Candidates, null, null, null, false), 10, Ct);
        Assert.Equal(
            new[] { (valid, SkipReason.None, ""), (invalid, SkipReason.InvalidEmail, "") }.OrderBy(m => m.Item1, StringComparer.Ordinal),
            members.Select(m => (m.RecordId, m.Skip, m.EmailInvalidReason)));

        RecipientRecord flagged = before.WithEmail(before.Email, EmailStatus.Invalid) with { EmailInvalidReason = "contains an invisible character U+200B at position 9", ContentHash = "h2" };
        await records.UpsertAsync(org.Id, RecordModule.Candidates, [flagged], Ct);
        RecordAssert.Equal(flagged, await records.GetAsync(org.Id, valid, Ct));
    }
}
