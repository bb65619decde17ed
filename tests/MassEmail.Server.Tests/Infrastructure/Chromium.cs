using Microsoft.Playwright;

namespace MassEmail.Server.Tests.Infrastructure;

/// <summary>
/// Headless Chromium of the Linux distribution (<c>apt-get install chromium</c>; <c>.ci/run</c> installs it), driven by
/// Playwright through <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>: Playwright's own browser download is not
/// used. <c>MASSEMAIL_CHROMIUM</c> names another binary.
/// </summary>
public static class Chromium
{
    public static string Path => Environment.GetEnvironmentVariable("MASSEMAIL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Null when the browser is there, else why the browser tests skip.</summary>
    public static string? UnavailableReason =>
        File.Exists(Path) ? null : $"Chromium not found at {Path}: install it (apt-get install -y chromium, as .ci/run does) or set MASSEMAIL_CHROMIUM";

    /// <summary>Launches it headless; the flags keep it from calling outside hosts (refused on our machines).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Path,
        Headless = true,
        Args = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-gpu"],
    });

    /// <summary>Where screenshots go: kept as test artifacts, beside the test binaries (never committed).</summary>
    public static string ArtifactPath(string name)
    {
        var directory = System.IO.Path.Combine(AppContext.BaseDirectory, "artifacts", "browser");
        Directory.CreateDirectory(directory);
        return System.IO.Path.Combine(directory, name);
    }
}
