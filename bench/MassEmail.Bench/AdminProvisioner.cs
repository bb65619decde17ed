using System.Diagnostics;

namespace MassEmail.Bench;

/// <summary>Creates the bench's organisation with the server binary's own operator command.</summary>
internal static class AdminProvisioner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs <c>admin create-org</c> and returns the admin's API key.</summary>
    public static async Task<string> CreateOrganisationAsync(ServerEnvironment environment, CancellationToken cancellationToken)
    {
        var info = environment.StartInfo(
            "admin", "create-org", "--name", "Bench", "--email", "bench@example.com",
            "--admin-email", "admin@example.com", "--edition", "PROFESSIONAL");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"admin create-org exited with {process.ExitCode}:\n{output}\n{await stderr}");
        }

        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("api_key=", StringComparison.Ordinal))
            {
                return line["api_key=".Length..];
            }
        }

        throw new InvalidOperationException($"admin create-org printed no api_key line:\n{output}");
    }
}
