namespace MassEmail.Cli;

/// <summary>
/// The process exit codes, as documented in README ("CLI"). A failed call exits with its gRPC status code
/// (1 to 16, as <c>dev/call</c> does), so a script tells NOT_FOUND (5) from UNAVAILABLE (14) without parsing
/// text; the CLI's own outcomes use codes above that range.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command line itself is wrong (unknown command or option, a missing or malformed value).</summary>
    public const int Usage = 20;

    /// <summary>No service address or API key: neither <c>login</c> nor MASSEMAIL_URL/MASSEMAIL_API_KEY.</summary>
    public const int NotLoggedIn = 21;

    /// <summary>An input file cannot be read or is not what the command needs (no CSV header, bad front matter).</summary>
    public const int BadInput = 22;

    /// <summary><c>records import</c> finished but refused some rows: they are in the error report.</summary>
    public const int RowsRefused = 23;

    /// <summary><c>send watch</c> ended because the send was cancelled.</summary>
    public const int SendCancelled = 24;

    /// <summary>Ctrl-C: <c>send watch</c> detached (the send goes on), any other command stopped.</summary>
    public const int Interrupted = 130;
}
