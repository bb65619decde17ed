using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Errors;

/// <summary>The caller is authenticated but its key lacks a permission.</summary>
public sealed class PermissionDeniedException(Permission missing)
    : DomainException($"The API key lacks the permission {missing}.")
{
    public Permission Missing { get; } = missing;
}
