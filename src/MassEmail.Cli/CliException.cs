namespace MassEmail.Cli;

/// <summary>A failure the CLI explains in words and exits with <see cref="ExitCode"/> (one of <see cref="ExitCodes"/>).</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
