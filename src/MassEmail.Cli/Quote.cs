namespace MassEmail.Cli;

/// <summary>User-supplied text quoted in messages: at most 100 characters, so a pasted file never floods the terminal.</summary>
public static class Quote
{
    private const int MaxQuoted = 100;

    public static string Bounded(string value) => value.Length <= MaxQuoted ? value : value[..MaxQuoted] + "…";
}
