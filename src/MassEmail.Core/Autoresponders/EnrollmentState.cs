namespace MassEmail.Core.Autoresponders;

/// <summary>Where an enrolment stands.</summary>
public enum EnrollmentState
{
    /// <summary>Steps are left; the next is due at <see cref="Enrollment.DueAt"/>.</summary>
    Active = 1,

    /// <summary>Every step was sent.</summary>
    Done = 2,

    /// <summary>Stopped before a step (opted out, suppressed, left the list or view…), with the reason.</summary>
    Stopped = 3,
}
