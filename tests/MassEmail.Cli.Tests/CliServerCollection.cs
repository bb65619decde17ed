namespace MassEmail.Cli.Tests;

/// <summary>The test classes that share one <see cref="CliServerFixture"/> (one server process and emulator for all).</summary>
[CollectionDefinition(Name)]
public sealed class CliServerCollection : ICollectionFixture<CliServerFixture>
{
    public const string Name = "CLI server";
}
