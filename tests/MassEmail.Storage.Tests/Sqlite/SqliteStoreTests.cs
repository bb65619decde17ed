using Dapper;
using MassEmail.Core.Storage;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>What only the SQLite store promises: a durable file, WAL, migrations, enforced foreign keys.</summary>
public sealed class SqliteStoreTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Reopen_NewServicesOnSameFile_SeeStoredData()
    {
        var path = fixture.NewPath();
        Organisation org = TestData.Organisation();
        await using (ServiceProvider first = await OpenAsync(path))
        {
            await first.GetRequiredService<IOrganisationStore>().CreateAsync(org, Ct);
        }

        SqliteConnection.ClearAllPools();
        await using ServiceProvider second = await OpenAsync(path);

        Assert.Equal(org, await second.GetRequiredService<IOrganisationStore>().GetAsync(org.Id, Ct));
    }

    [Fact]
    public async Task InitializeAsync_NewFile_SetsWalModeAndLatestSchemaVersion()
    {
        var path = fixture.NewPath();
        await using ServiceProvider services = await OpenAsync(path);

        await using var db = new SqliteConnection($"Data Source={path}");
        Assert.Equal("wal", await db.ExecuteScalarAsync<string>("PRAGMA journal_mode;"));
        Assert.True(await db.ExecuteScalarAsync<long>("PRAGMA user_version;") >= 1);
    }

    [Fact]
    public async Task InitializeAsync_TwoProcessesOnOneNewFileAtOnce_BothSucceed()
    {
        var path = fixture.NewPath();
        await using ServiceProvider a = SqliteStoreFixture.BuildServices(path);
        await using ServiceProvider b = SqliteStoreFixture.BuildServices(path);

        await Task.WhenAll(
            Task.Run(() => a.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct)),
            Task.Run(() => b.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct)));

        Assert.False(await a.GetRequiredService<IOrganisationStore>().AnyAsync(Ct));
    }

    [Fact]
    public async Task InitializeAsync_FileFromNewerBuild_Throws()
    {
        var path = fixture.NewPath();
        await using (var db = new SqliteConnection($"Data Source={path}"))
        {
            await db.ExecuteAsync("PRAGMA user_version = 999;");
        }

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct));
    }

    [Fact]
    public async Task InitializeAsync_DirectoryMissing_CreatesIt()
    {
        var path = Path.Combine(Path.GetDirectoryName(fixture.NewPath())!, "nested", "deeper", "store.db");

        await using ServiceProvider services = await OpenAsync(path);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task CreateAsync_UserOfUnknownOrganisation_IsRefusedByForeignKey()
    {
        await using ServiceProvider services = await OpenAsync(fixture.NewPath());

        SqliteException e = await Assert.ThrowsAsync<SqliteException>(
            () => services.GetRequiredService<IUserStore>().CreateAsync(TestData.User(MassEmail.Core.Ids.New()), Ct));

        Assert.Contains("FOREIGN KEY", e.Message, StringComparison.Ordinal);
    }

    private static async Task<ServiceProvider> OpenAsync(string path)
    {
        ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(Ct);
        return services;
    }
}
