using System.ComponentModel.DataAnnotations;

namespace MassEmail.Server.Telemetry;

/// <summary>The <c>Telemetry</c> configuration section.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>How often the claimable work (pending deliveries and batches) is sampled from the store for the metrics.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PendingSampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}
