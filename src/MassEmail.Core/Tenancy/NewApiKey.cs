namespace MassEmail.Core.Tenancy;

/// <summary>A freshly created key with its secret, which is shown once and never stored.</summary>
public sealed record NewApiKey(ApiKey Key, string Secret);
