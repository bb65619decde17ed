namespace MassEmail.Cli;

/// <summary>Reading the user's input files, with a missing or unreadable file as a clear BadInput error.</summary>
public static class InputFile
{
    public static async Task<string> ReadAllTextAsync(FileInfo file, CancellationToken cancellation)
    {
        try
        {
            return await File.ReadAllTextAsync(file.FullName, cancellation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"cannot read {file.FullName}: {e.Message}");
        }
    }

    public static StreamReader OpenText(FileInfo file)
    {
        try
        {
            return new StreamReader(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"cannot read {file.FullName}: {e.Message}");
        }
    }
}
