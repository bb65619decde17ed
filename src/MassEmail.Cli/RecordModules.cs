using MassEmail.Contracts.V1;

namespace MassEmail.Cli;

/// <summary>Module names on the command line (<c>candidates</c>) and the contract's enum.</summary>
public static class RecordModules
{
    public static readonly string[] Names = ["candidates", "contacts", "clients"];

    public static RecordModule Parse(string name) => name.ToLowerInvariant() switch
    {
        "candidates" => RecordModule.Candidates,
        "contacts" => RecordModule.Contacts,
        "clients" => RecordModule.Clients,
        _ => throw new CliException(ExitCodes.Usage, $"--module must be one of {string.Join(", ", Names)}"),
    };
}
