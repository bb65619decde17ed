using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Sending;

/// <summary>From/Reply-To choices on the command line (<c>record-owner</c>) and the contract's enum.</summary>
public static class AddressChoices
{
    public static readonly string[] Names = ["account", "organisation", "record-owner", "template"];

    public static AddressChoice Parse(string name) => name switch
    {
        "account" => AddressChoice.Account,
        "organisation" => AddressChoice.Organisation,
        "record-owner" => AddressChoice.RecordOwner,
        "template" => AddressChoice.Template,
        _ => throw new CliException(ExitCodes.Usage, $"an address choice is one of {string.Join(", ", Names)}"),
    };
}
