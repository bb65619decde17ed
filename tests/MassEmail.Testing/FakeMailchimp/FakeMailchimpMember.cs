namespace MassEmail.Testing;

/// <summary>A member of a <see cref="FakeMailchimp"/> audience.</summary>
/// <param name="Status">subscribed, unsubscribed, cleaned or pending.</param>
public sealed record FakeMailchimpMember(string Email, string Status, IReadOnlyDictionary<string, string> MergeFields, DateTimeOffset LastChanged);
