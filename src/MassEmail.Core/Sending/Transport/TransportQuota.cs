namespace MassEmail.Core.Sending.Transport;

/// <summary>The provider account's limits (SES GetAccount SendQuota).</summary>
/// <param name="MaxSendRate">Messages per second the account may send.</param>
/// <param name="Max24HourSend">Messages per rolling 24 hours.</param>
/// <param name="SentLast24Hours">Messages sent in the last 24 hours.</param>
public sealed record TransportQuota(double MaxSendRate, double Max24HourSend, double SentLast24Hours);
