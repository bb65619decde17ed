using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>What every batch of one send needs, built once (<see cref="SendContexts"/>).</summary>
/// <param name="ListId">The mailing list of a list audience (its unsubscriptions are checked per batch); null for other audiences.</param>
/// <param name="Messages">The composer of the send's messages, its template compiled.</param>
public sealed record SendContext(Organisation Org, SendContent Content, string? ListId, MessageComposer.SendMessages Messages);
