using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MassEmail.Ses.Sending;

/// <summary>
/// Counts identical rejections in a row per sender address. A rejection that concerns one recipient (a bad address)
/// comes with its own text; the same text for <see cref="SesOptions.MaxIdenticalRejections"/> messages in a row from one
/// sender means the send itself is refused (its content, its From, a header), and failing the rest of its recipients
/// one by one would only burn them. Addresses in SES's text are ignored when comparing, so "x is invalid" and
/// "y is invalid" count alike. Any accepted message from the sender resets its count. Per process: with several
/// instances each counts its own share.
/// </summary>
internal sealed partial class RejectionBreaker(IOptions<SesOptions> options)
{
    // Senders with a running streak; bounded so that a flood of distinct senders cannot grow it without end.
    private const int MaxSenders = 10_000;

    private readonly ConcurrentDictionary<string, Streak> streaks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records a rejection (SES's error type and message); true when it completes a streak long enough to pause the send.</summary>
    public bool Rejected(string sender, string? errorType, string? message, out int inARow)
    {
        inARow = 0;
        var limit = options.Value.MaxIdenticalRejections;
        if (limit <= 0)
        {
            return false;
        }

        if (streaks.Count >= MaxSenders)
        {
            streaks.Clear();
        }

        var fingerprint = $"{errorType}|{Address().Replace(message ?? "", "<address>")}";
        var streak = streaks.GetOrAdd(sender, static _ => new Streak());
        lock (streak)
        {
            streak.Count = streak.Fingerprint == fingerprint ? streak.Count + 1 : 1;
            streak.Fingerprint = fingerprint;
            inARow = streak.Count;
        }

        return inARow >= limit;
    }

    /// <summary>A message from the sender was accepted: whatever was rejected before was about those recipients.</summary>
    public void Accepted(string sender)
    {
        if (!streaks.IsEmpty)
        {
            streaks.TryRemove(sender, out _);
        }
    }

    [GeneratedRegex(@"[^\s<>""'@]+@[^\s<>""',;]+")]
    private static partial Regex Address();

    private sealed class Streak
    {
        public int Count { get; set; }

        public string Fingerprint { get; set; } = "";
    }
}
