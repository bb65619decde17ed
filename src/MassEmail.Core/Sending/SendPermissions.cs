using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Sending;

/// <summary>Only users whose key has "Mass Email Candidates" / "Mass Email Contacts" may mass-mail that module.</summary>
internal static class SendPermissions
{
    public static void Require(Caller caller, RecordModule module)
    {
        switch (module)
        {
            case RecordModule.Candidates:
                caller.Require(Permission.MassEmailCandidates);
                break;
            case RecordModule.Contacts:
                caller.Require(Permission.MassEmailContacts);
                break;
            default:
                throw new ValidationException("module", "mass email goes to CANDIDATES or CONTACTS");
        }
    }

    /// <summary>Whether the caller may mass-mail the module (what <see cref="Require"/> demands), without throwing.</summary>
    public static bool Allows(Caller caller, RecordModule module) => module switch
    {
        RecordModule.Candidates => caller.Permissions.HasFlag(Permission.MassEmailCandidates),
        RecordModule.Contacts => caller.Permissions.HasFlag(Permission.MassEmailContacts),
        _ => false,
    };

    public static void RequireAny(Caller caller)
    {
        if ((caller.Permissions & (Permission.MassEmailCandidates | Permission.MassEmailContacts)) == 0)
        {
            throw new PermissionDeniedException(Permission.MassEmailCandidates);
        }
    }
}
