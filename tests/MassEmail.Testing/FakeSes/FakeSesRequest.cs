namespace MassEmail.Testing;

/// <summary>One SendEmail request as <see cref="FakeSes"/> received it.</summary>
/// <param name="Timestamp">When it arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
/// <param name="To">Destination.ToAddresses[0].</param>
/// <param name="Attempt">1 for the first request to this recipient, 2 for the second, and so on.</param>
/// <param name="Reply">What the fake answered.</param>
public sealed record FakeSesRequest(long Timestamp, string To, int Attempt, FakeSesReply Reply);
