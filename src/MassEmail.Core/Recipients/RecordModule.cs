namespace MassEmail.Core.Recipients;

/// <summary>The module a record belongs to. Mass email goes to Candidates and Contacts; Clients are companies they relate to.</summary>
public enum RecordModule
{
    Candidates = 1,
    Contacts = 2,
    Clients = 3,
}
