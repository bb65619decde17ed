using Dapper;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Fixtures;

/// <summary>SQLite stores in a temporary directory that is deleted with the fixture.</summary>
public sealed class SqliteStoreFixture : StoreFixture
{
    private readonly string directory = Directory.CreateTempSubdirectory("massemail-store-tests-").FullName;

    // SQLite enforces everything the contract can ask for.
    public SqliteStoreFixture() => Capabilities = Enum.GetValues<StoreCapabilities>().Aggregate((a, b) => a | b);

    /// <summary>Services of an SQLite store on <paramref name="path"/>, as the host would register them.</summary>
    public static ServiceProvider BuildServices(string path) =>
        new ServiceCollection()
            .AddSqliteStore(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [$"{SqliteStoreOptions.SectionName}:Path"] = path })
                .Build())
            .BuildServiceProvider();

    /// <summary>
    /// A new database file with only the first <paramref name="version"/> migrations applied, as an older build left it,
    /// and an open (unpooled) connection to fill it before the current build upgrades it.
    /// </summary>
    public async Task<(string Path, SqliteConnection Db)> NewFileAtVersionAsync(int version)
    {
        var path = NewPath();
        var db = new SqliteConnection($"Data Source={path};Pooling=False");
        await db.OpenAsync();
        foreach (var migration in SqliteSchema.Migrations.Take(version))
        {
            await db.ExecuteAsync(migration);
        }

        await db.ExecuteAsync($"PRAGMA user_version = {version};");
        return (path, db);
    }

    /// <summary>
    /// A new database file at <paramref name="version"/> holding one organisation (its row as every version since the
    /// first has it), closed, for a migration test to upgrade and then check that the organisation is still there.
    /// </summary>
    public async Task<(string Path, Organisation Org)> NewFileAtVersionWithOrganisationAsync(int version)
    {
        Organisation org = TestData.Organisation();
        var (path, db) = await NewFileAtVersionAsync(version);
        await using (db)
        {
            await db.ExecuteAsync(
                """
                INSERT INTO organisations (org_id, name, edition, email, street, city, region, postal_code, country, created_at)
                VALUES (@Id, @Name, 2, @Email, '', '', '', '', '', 1000);
                """,
                org);
        }

        return (path, org);
    }

    /// <summary>A path for a new database file inside the fixture's directory.</summary>
    public string NewPath() => Path.Combine(directory, $"{Guid.NewGuid():N}.db");

    protected override Task CleanupAsync()
    {
        // Pooled connections keep the files open; close them so the directory can go.
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    protected override Task<StoreInstance> OpenAsync()
    {
        var path = NewPath();
        return Task.FromResult(new StoreInstance(BuildServices(path), () => Task.CompletedTask, () => BuildServices(path)));
    }

    protected override Task ProbeAsync(StoreInstance store) => Task.CompletedTask;
}
