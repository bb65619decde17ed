using System.Diagnostics.Metrics;
using MassEmail.Ses.Api.Model;

namespace MassEmail.Ses;

/// <summary>
/// Metrics of the calls to SES, on the BCL's <see cref="Meter"/>: latency and errors by the AWS error code (or the
/// kind of failure when SES did not answer), and the account's 24-hour quota as GetAccount last reported it.
/// </summary>
public static class SesTelemetry
{
    /// <summary>The meter name the host subscribes to.</summary>
    public const string Name = "MassEmail.Ses";

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "massemail.ses.request.duration", "s", "Duration of SES API calls, by operation and outcome");

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "massemail.ses.errors", "{error}", "SES API calls that did not succeed, by operation and error type");

    private static double quotaUsed = double.NaN;
    private static double quotaLimit = double.NaN;

    static SesTelemetry()
    {
        Meter.CreateObservableGauge("massemail.ses.quota.used", () => Observe(quotaUsed), "{message}",
            "Messages the SES account sent in the last 24 hours, as GetAccount last reported");
        Meter.CreateObservableGauge("massemail.ses.quota.limit", () => Observe(quotaLimit), "{message}",
            "The SES account's 24-hour sending quota (-1: unlimited), as GetAccount last reported");
    }

    /// <summary>One call ended; <paramref name="error"/> is null when SES answered success.</summary>
    internal static void Call(string operation, TimeSpan elapsed, string? error)
    {
        var op = new KeyValuePair<string, object?>("operation", operation);
        Duration.Record(elapsed.TotalSeconds, op, new KeyValuePair<string, object?>("outcome", error is null ? "ok" : "error"));
        if (error is not null)
        {
            Errors.Add(1, op, new KeyValuePair<string, object?>("type", error));
        }
    }

    internal static void Quota(SesSendQuota quota)
    {
        Volatile.Write(ref quotaUsed, quota.SentLast24Hours);
        Volatile.Write(ref quotaLimit, quota.Max24HourSend);
    }

    private static IEnumerable<Measurement<double>> Observe(double value) =>
        double.IsNaN(value) ? [] : [new Measurement<double>(value)];
}
