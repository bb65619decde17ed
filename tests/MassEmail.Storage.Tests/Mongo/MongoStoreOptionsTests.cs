using MassEmail.Storage.Mongo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MassEmail.Storage.Tests.Mongo;

/// <summary>The Mongo options are bound from configuration and refuse unusable values at start-up; no server needed.</summary>
public sealed class MongoStoreOptionsTests
{
    [Fact]
    public void AddMongoStore_ConnectionStringOnly_DefaultsDatabase()
    {
        using ServiceProvider services = Build(new() { [$"{MongoStoreOptions.SectionName}:ConnectionString"] = "mongodb://127.0.0.1:1" });

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("massemail", services.GetRequiredService<IOptions<MongoStoreOptions>>().Value.Database);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://127.0.0.1:27017")]
    [InlineData("mongodb://")]
    public void AddMongoStore_UnusableConnectionString_FailsStartupValidation(string? connectionString)
    {
        using ServiceProvider services = Build(new() { [$"{MongoStoreOptions.SectionName}:ConnectionString"] = connectionString });

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("ConnectionString", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddMongoStore_EmptyDatabase_FailsStartupValidation()
    {
        using ServiceProvider services = Build(new()
        {
            [$"{MongoStoreOptions.SectionName}:ConnectionString"] = "mongodb://127.0.0.1:1",
            [$"{MongoStoreOptions.SectionName}:Database"] = "",
        });

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void AddMongoStore_CriteriaLimits_HaveTheirDocumentedDefaults()
    {
        using ServiceProvider services = Build(new() { [$"{MongoStoreOptions.SectionName}:ConnectionString"] = "mongodb://127.0.0.1:1" });

        MongoStoreOptions options = services.GetRequiredService<IOptions<MongoStoreOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(30), options.QueryTimeLimit);
        Assert.Equal(TimeSpan.FromMinutes(30), options.SnapshotTimeLimit);
        Assert.Equal(1000, options.ClientConditionInlineLimit);
    }

    [Theory]
    [InlineData("QueryTimeLimit", "00:00:00")]
    [InlineData("SnapshotTimeLimit", "-00:00:01")]
    [InlineData("ClientConditionInlineLimit", "-1")]
    public void AddMongoStore_UnusableCriteriaLimit_FailsStartupValidation(string key, string value)
    {
        using ServiceProvider services = Build(new()
        {
            [$"{MongoStoreOptions.SectionName}:ConnectionString"] = "mongodb://127.0.0.1:1",
            [$"{MongoStoreOptions.SectionName}:{key}"] = value,
        });

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddMongoStore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
