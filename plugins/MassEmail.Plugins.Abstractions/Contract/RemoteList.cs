namespace MassEmail.Plugins.Abstractions;

/// <summary>A mailing list (Mailchimp: audience) of the connected account.</summary>
/// <param name="Id">The vendor's key (Zoho <c>listkey</c>, Mailchimp list id).</param>
/// <param name="MemberCount">The vendor's count, when it gives one.</param>
public sealed record RemoteList(string Id, string Name, long? MemberCount);
