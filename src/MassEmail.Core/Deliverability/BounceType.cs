namespace MassEmail.Core.Deliverability;

/// <summary>SES's bounce types.</summary>
public enum BounceType
{
    None = 0,
    Undetermined = 1,
    Permanent = 2,
    Transient = 3,
}
