namespace MassEmail.Core.Tenancy;

/// <summary>
/// The result of a write that may take away an organisation's last way in: done, no such user or key in
/// the organisation, or refused because it would leave no <em>admin access</em> (an active user holding an
/// unrevoked key with <see cref="Permission.OrgAdmin"/>).
/// </summary>
public enum AdminWriteOutcome
{
    Done,
    NotFound,
    LastAdminAccess,
}
