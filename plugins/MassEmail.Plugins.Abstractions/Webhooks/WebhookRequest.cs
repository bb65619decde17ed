namespace MassEmail.Plugins.Abstractions;

/// <summary>An incoming webhook request as the public HTTP endpoint received it, free of ASP.NET types.</summary>
/// <param name="Method"><c>GET</c> or <c>POST</c>.</param>
/// <param name="UrlSecret">The secret segment of the connection's webhook URL (Mailchimp does not sign: the URL is the secret).</param>
/// <param name="Headers">Request headers, case-insensitive names.</param>
/// <param name="Body">The raw body (form-encoded or JSON).</param>
public sealed record WebhookRequest(
    string Method, string? UrlSecret, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body)
{
    /// <summary>The header <paramref name="name"/>, or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
