namespace MassEmail.Core.Tenancy;

/// <summary>What an API key may do. Stored as a bit set.</summary>
[Flags]
public enum Permission
{
    None = 0,
    TemplatesRead = 1 << 0,
    TemplatesWrite = 1 << 1,
    RecipientsRead = 1 << 2,
    RecipientsWrite = 1 << 3,
    MassEmailCandidates = 1 << 4,
    MassEmailContacts = 1 << 5,
    SchedulesWrite = 1 << 6,
    PluginsAdmin = 1 << 7,
    OrgAdmin = 1 << 8,
    All = TemplatesRead | TemplatesWrite | RecipientsRead | RecipientsWrite | MassEmailCandidates
        | MassEmailContacts | SchedulesWrite | PluginsAdmin | OrgAdmin,
}
