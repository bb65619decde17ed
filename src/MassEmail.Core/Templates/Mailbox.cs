namespace MassEmail.Core.Templates;

/// <summary>An address with an optional display name, for From and Reply-To.</summary>
public sealed record Mailbox(string Address, string DisplayName);
