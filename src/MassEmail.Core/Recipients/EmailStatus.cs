namespace MassEmail.Core.Recipients;

/// <summary>What the record's email address is worth. Only <see cref="Valid"/> addresses are ever mailed.</summary>
public enum EmailStatus
{
    Missing = 1,
    Valid = 2,
    Invalid = 3,
}
