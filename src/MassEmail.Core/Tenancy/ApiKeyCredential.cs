namespace MassEmail.Core.Tenancy;

/// <summary>What authentication needs to know about a key, read in one store call.</summary>
public sealed record ApiKeyCredential(ApiKey Key, bool UserActive);
