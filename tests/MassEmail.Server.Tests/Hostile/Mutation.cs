namespace MassEmail.Server.Tests.Hostile;

/// <summary>One hostile request: what was done to the seed request, and the bytes sent.</summary>
internal sealed record Mutation(string Name, Func<byte[]> Request);
