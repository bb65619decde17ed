namespace MassEmail.Core.Sending;

/// <summary>Where a mass send's From or Reply-To address comes from.</summary>
public enum AddressChoice
{
    /// <summary>The address of the user who started the send.</summary>
    Account = 1,

    /// <summary>The organisation's address.</summary>
    Organisation = 2,

    /// <summary>Each record's owner's address (falls back to the organisation's when a record has no owner).</summary>
    RecordOwner = 3,

    /// <summary>The address stored in the template; only when the template has one.</summary>
    Template = 4,
}
