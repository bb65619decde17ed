namespace MassEmail.Testing;

/// <summary>How a <see cref="FakeSes"/> behaves; the account values are what GetAccount reports.</summary>
public sealed record FakeSesOptions
{
    /// <summary>The answer to SendEmail for (recipient address, attempt number starting at 1). Default: accept everything.</summary>
    public Func<string, int, FakeSesReply> Decide { get; init; } = (_, _) => FakeSesReply.Accept;

    /// <summary>GetAccount's SendQuota.MaxSendRate (what the service's rate limiter is sized from).</summary>
    public double MaxSendRate { get; init; } = 50;

    /// <summary>GetAccount's SendQuota.Max24HourSend; -1 is unlimited. Once the accepted count reaches it, SendEmail answers <see cref="FakeSesReply.DailyQuotaExceeded"/>.</summary>
    public double Max24HourSend { get; init; } = -1;

    /// <summary>Messages sent in the last 24 hours before this fake started; each accepted message adds one.</summary>
    public double SentLast24Hours { get; init; }

    /// <summary>GetAccount's ProductionAccessEnabled: false is the SES sandbox (verified recipients only).</summary>
    public bool ProductionAccessEnabled { get; init; } = true;

    /// <summary>GetAccount's SendingEnabled.</summary>
    public bool SendingEnabled { get; init; } = true;

    /// <summary>Shortest wait before an <see cref="FakeSesReply.Accept"/> answer.</summary>
    public TimeSpan MinAcceptDelay { get; init; }

    /// <summary>Longest wait before an <see cref="FakeSesReply.Accept"/> answer.</summary>
    public TimeSpan MaxAcceptDelay { get; init; }

    /// <summary>How long <see cref="FakeSesReply.AcceptLate"/> keeps the client waiting; keep it above the client's timeout.</summary>
    public TimeSpan LateAnswerDelay { get; init; } = TimeSpan.FromSeconds(3);
}
