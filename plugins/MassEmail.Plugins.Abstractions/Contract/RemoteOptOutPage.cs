namespace MassEmail.Plugins.Abstractions;

/// <summary>One page of remote opt-outs.</summary>
/// <param name="Cursor">Where the next fetch starts (opaque; store it with the connection).</param>
/// <param name="HasMore">More are waiting: fetch again now.</param>
/// <param name="RetryAt">Set when the vendor's window or lock stopped the fetch: come back then with the same cursor.</param>
public sealed record RemoteOptOutPage(IReadOnlyList<RemoteOptOut> OptOuts, string Cursor, bool HasMore, DateTimeOffset? RetryAt = null);
