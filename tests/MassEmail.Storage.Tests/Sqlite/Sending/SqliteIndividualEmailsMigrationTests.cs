using Dapper;
using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending.Individual;
using MassEmail.Core.Storage;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

/// <summary>Migration 14 adds individual emails to files in use at version 13 (the last one before it), keeping their data.</summary>
public sealed class SqliteIndividualEmailsMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_FileAtVersion13WithData_AddsIndividualEmailsAndKeepsData()
    {
        var (path, org) = await fixture.NewFileAtVersionWithOrganisationAsync(13);

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);

        Assert.Equal(org.Name, (await services.GetRequiredService<IOrganisationStore>().GetAsync(org.Id, Ct))?.Name);
        var now = TestData.Now();
        var email = new IndividualEmail(Ids.New(), org.Id, "key", "f", Ids.New(), RecordModule.Candidates, Ids.New(), Ids.New(),
            IndividualEmailState.Pending, "h", now, "ana@example.com", "", "", now, now);
        Assert.True((await services.GetRequiredService<IIndividualEmailStore>().AddAsync(email, Ct)).Added);
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        Assert.Equal(SqliteSchema.Migrations.Count, await check.ExecuteScalarAsync<long>("PRAGMA user_version;"));
    }
}
