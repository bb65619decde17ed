namespace MassEmail.Core.Tenancy;

/// <summary>The commercial edition of an organisation; it sets the daily mass-email limits.</summary>
public enum Edition
{
    Free = 1,
    Standard = 2,
    Professional = 3,
    Enterprise = 4,
}
