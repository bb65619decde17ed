using System.ComponentModel.DataAnnotations;

namespace MassEmail.Core.Scheduling;

/// <summary>Firing of schedules (configuration section <c>Schedules</c>).</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Schedules";

    /// <summary>How late an occurrence may still fire (e.g. at start-up after downtime); later ones are recorded as missed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MisfireGrace { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often an instance reads the store's change marker, so edits made elsewhere reach its timer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claim of an occurrence holds before another instance may take it over (its holder died).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);
}
