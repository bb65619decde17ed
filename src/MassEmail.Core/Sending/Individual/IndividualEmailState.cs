namespace MassEmail.Core.Sending.Individual;

/// <summary>Where an individual email is; stored as these numbers.</summary>
public enum IndividualEmailState
{
    /// <summary>Its key is taken; nothing has left yet (quota may be reserved). A call whose holder stopped can take it over.</summary>
    Pending = 1,

    /// <summary>The provider call may have started. Never sent again: a crash here leaves it unknown, as a mass send's UNKNOWN.</summary>
    Sending = 2,

    /// <summary>The provider accepted it.</summary>
    Sent = 3,

    /// <summary>The provider refused it; nothing left.</summary>
    Failed = 4,
}
