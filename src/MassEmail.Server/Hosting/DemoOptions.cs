namespace MassEmail.Server.Hosting;

/// <summary>The dev run's demo data (configuration section <c>Demo</c>).</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>When true and the store has no organisation, a demo organisation, admin and key are created at start.</summary>
    public bool Seed { get; set; }

    /// <summary>Where the demo key is kept so that later dev runs can print it again. Dev only: it is a plain secret.</summary>
    public string KeyFile { get; set; } = "demo-key.txt";
}
