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

    public static void RequireAny(Caller caller)
    {
        if ((caller.Permissions & (Permission.MassEmailCandidates | Permission.MassEmailContacts)) == 0)
        {
            throw new PermissionDeniedException(Permission.MassEmailCandidates);
        }
    }
}
