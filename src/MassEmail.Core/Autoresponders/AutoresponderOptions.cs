using System.ComponentModel.DataAnnotations;

namespace MassEmail.Core.Autoresponders;

/// <summary>Enrolling and sending of autoresponders (configuration section <c>Autoresponders</c>).</summary>
public sealed class AutoresponderOptions
{
    public const string SectionName = "Autoresponders";

    /// <summary>How often an instance reads the triggers' events and sends due steps.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How far before its cursor a round reads events again, so that a write committed late (its time older than the cursor) is not missed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan EnrollOverlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a run holds its enrolments before another instance takes the run over (its holder died).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);
}
