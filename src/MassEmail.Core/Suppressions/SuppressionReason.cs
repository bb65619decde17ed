namespace MassEmail.Core.Suppressions;

/// <summary>Why an address is on an organisation's suppression list.</summary>
public enum SuppressionReason
{
    /// <summary>Added by hand (API or CLI).</summary>
    Manual = 1,

    /// <summary>A permanent bounce, or SES reporting the address on its own suppression list.</summary>
    Bounce = 2,

    /// <summary>The recipient marked a message as spam.</summary>
    Complaint = 3,
}
