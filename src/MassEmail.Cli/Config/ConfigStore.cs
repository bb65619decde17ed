using System.Text.Json;

namespace MassEmail.Cli.Config;

/// <summary>
/// The per-user login file (<c>$XDG_CONFIG_HOME/massemail/config.json</c>, else <c>~/.config/...</c>).
/// It holds an API key, so it is created readable by its owner only (0600) and never exists with wider
/// permissions, not even between create and chmod. MASSEMAIL_URL and MASSEMAIL_API_KEY win over it, so CI
/// jobs need no file.
/// </summary>
public static class ConfigStore
{
    public const string UrlVariable = "MASSEMAIL_URL";
    public const string ApiKeyVariable = "MASSEMAIL_API_KEY";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnly | UnixFileMode.UserExecute;

    /// <summary>The login file's path.</summary>
    public static string FilePath
    {
        get
        {
            var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(configHome))
            {
                configHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            }

            return Path.Combine(configHome, "massemail", "config.json");
        }
    }

    /// <summary>The file's values overridden by the environment's, or null when either is missing.</summary>
    public static CliConfig? Load()
    {
        var stored = ReadFile();
        var url = Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } envUrl ? envUrl : stored?.Url;
        var key = Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } envKey ? envKey : stored?.ApiKey;
        return string.IsNullOrEmpty(url) || string.IsNullOrEmpty(key) ? null : new CliConfig(url, key);
    }

    /// <summary>Replaces the file; written to a new owner-only file first, then renamed over the old one.</summary>
    public static void Save(CliConfig config)
    {
        var path = FilePath;
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }

        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, new StoredConfig { Url = config.Url, ApiKey = config.ApiKey }, StoredConfigJson.Default.StoredConfig);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static StoredConfig? ReadFile()
    {
        try
        {
            using var stream = File.OpenRead(FilePath);
            return JsonSerializer.Deserialize(stream, StoredConfigJson.Default.StoredConfig);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
