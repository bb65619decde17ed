namespace MassEmail.Testing;

/// <summary>One API call as <see cref="FakeZohoCampaigns"/> received it (token requests included, endpoint <c>token</c>).</summary>
/// <param name="At">The fake's (virtual) time of arrival.</param>
/// <param name="Emails">How many addresses the call carried (bulk: the <c>emailids</c> count).</param>
/// <param name="Code">The code the fake answered in the body (0 success), or the HTTP status when it was not 200.</param>
public sealed record FakeZohoCall(string Endpoint, DateTimeOffset At, int Emails, int Code);
