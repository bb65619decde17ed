namespace MassEmail.Core.Sending;

/// <summary>A record's unsubscribe link in one send: the signed token and the URL that carries it (<see cref="UnsubscribeLinks.Link"/>).</summary>
public readonly record struct UnsubscribeLink(string Token, string Url);
