using MassEmail.Core.Errors;

namespace MassEmail.Core.Tenancy;

/// <summary>The authenticated caller of a request: whose data it may see and what it may do.</summary>
public sealed record Caller(string OrgId, string UserId, string KeyId, Permission Permissions)
{
    /// <summary>Throws <see cref="PermissionDeniedException"/> unless the key has <paramref name="permission"/>.</summary>
    public void Require(Permission permission)
    {
        if ((Permissions & permission) != permission)
        {
            throw new PermissionDeniedException(permission);
        }
    }
}
