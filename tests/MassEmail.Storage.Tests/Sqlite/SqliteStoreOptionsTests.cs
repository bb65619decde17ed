using MassEmail.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>The SQLite options are bound from configuration and refuse unusable values at start-up.</summary>
public sealed class SqliteStoreOptionsTests
{
    [Fact]
    public void AddSqliteStore_NoConfiguration_UsesDefaults()
    {
        using ServiceProvider services = Build([]);

        services.GetRequiredService<IStartupValidator>().Validate();

        SqliteStoreOptions options = services.GetRequiredService<IOptions<SqliteStoreOptions>>().Value;
        Assert.Equal("massemail.db", options.Path);
        Assert.Equal(5000, options.BusyTimeoutMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(":memory:")]
    public void AddSqliteStore_UnusablePath_FailsStartupValidation(string path)
    {
        using ServiceProvider services = Build(new() { [$"{SqliteStoreOptions.SectionName}:Path"] = path });

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Path", e.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSqliteStore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
