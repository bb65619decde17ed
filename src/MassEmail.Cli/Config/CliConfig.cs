namespace MassEmail.Cli.Config;

/// <summary>Where the service is and the API key the CLI sends with every call.</summary>
public sealed record CliConfig(string Url, string ApiKey);
