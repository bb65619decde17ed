using System.ComponentModel.DataAnnotations;

namespace MassEmail.Core.Tenancy;

/// <summary>How API keys are checked (configuration section <c>Authentication</c>).</summary>
public sealed class AuthenticationOptions
{
    public const string SectionName = "Authentication";

    /// <summary>
    /// How long, in seconds, an instance trusts a key it has just found valid before it reads the key again from the
    /// store (0 reads it on every call). This is the bound on how long a key revoked, or a user deactivated, through
    /// <em>another</em> instance or the operator's <c>admin</c> command can still call this one; the instance that makes
    /// the change forgets at once. Keys found invalid are never remembered, so a reactivation works at once.
    /// </summary>
    [Range(0, 60)]
    public int KeyCacheSeconds { get; set; } = 5;
}
