namespace MassEmail.Core.Sending.Transport;

/// <summary>The provider account's limits and state (SES GetAccount).</summary>
/// <param name="MaxSendRate">Messages per second the account may send.</param>
/// <param name="Max24HourSend">Messages per rolling 24 hours (<see cref="double.PositiveInfinity"/>: no limit).</param>
/// <param name="SentLast24Hours">Messages sent in the last 24 hours.</param>
/// <param name="ProductionAccessEnabled">False while the account is in the provider's sandbox, where it delivers only to verified addresses.</param>
/// <param name="SendingEnabled">False while the provider has paused sending for the account.</param>
public sealed record TransportQuota(
    double MaxSendRate, double Max24HourSend, double SentLast24Hours, bool ProductionAccessEnabled = true, bool SendingEnabled = true)
{
    /// <summary>What the account can still send in its rolling 24 hours (<see cref="double.PositiveInfinity"/>: no limit).</summary>
    public double Remaining24Hours => Math.Max(0, Max24HourSend - SentLast24Hours);
}
