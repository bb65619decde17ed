namespace MassEmail.Testing;

/// <summary>How a <see cref="FakeSes"/> behaves; <see cref="MaxSendRate"/> is what GetAccount reports.</summary>
public sealed record FakeSesOptions
{
    /// <summary>The answer to SendEmail for (recipient address, attempt number starting at 1). Default: accept everything.</summary>
    public Func<string, int, FakeSesReply> Decide { get; init; } = (_, _) => FakeSesReply.Accept;

    /// <summary>GetAccount's SendQuota.MaxSendRate (what the service's rate limiter is sized from).</summary>
    public double MaxSendRate { get; init; } = 50;

    /// <summary>Shortest wait before an <see cref="FakeSesReply.Accept"/> answer.</summary>
    public TimeSpan MinAcceptDelay { get; init; }

    /// <summary>Longest wait before an <see cref="FakeSesReply.Accept"/> answer.</summary>
    public TimeSpan MaxAcceptDelay { get; init; }

    /// <summary>How long <see cref="FakeSesReply.AcceptLate"/> keeps the client waiting; keep it above the client's timeout.</summary>
    public TimeSpan LateAnswerDelay { get; init; } = TimeSpan.FromSeconds(3);
}
