namespace MassEmail.Core.OptOut;

/// <summary>What an unsubscribe token names: the recipient's record in an organisation, the send, and the list the send went to.</summary>
public sealed record UnsubscribeTarget(string OrgId, string RecordId, string SendId, string? ListId);
