using System.ComponentModel.DataAnnotations;

namespace MassEmail.Core.Sending;

/// <summary>Limits and tuning of mass sending (configuration section <c>Sending</c>).</summary>
public sealed class SendingOptions
{
    public const string SectionName = "Sending";

    /// <summary><c>ses</c> (default) or <c>null</c>: a transport that accepts everything and sends nothing, for load tests only.</summary>
    [RegularExpression("^(ses|null)$")]
    public string Transport { get; set; } = "ses";

    /// <summary>Bulk (mass) emails per organisation per UTC day, by edition; an organisation's override wins.</summary>
    [Range(0, int.MaxValue)]
    public int BulkDailyStandard { get; set; } = 250;

    [Range(0, int.MaxValue)]
    public int BulkDailyProfessional { get; set; } = 500;

    [Range(0, int.MaxValue)]
    public int BulkDailyEnterprise { get; set; } = 750;

    /// <summary>Individual emails (e.g. test sends) per active user per UTC day, by edition.</summary>
    [Range(0, int.MaxValue)]
    public int IndividualDailyStandard { get; set; } = 250;

    [Range(0, int.MaxValue)]
    public int IndividualDailyProfessional { get; set; } = 500;

    [Range(0, int.MaxValue)]
    public int IndividualDailyEnterprise { get; set; } = 750;

    /// <summary>
    /// Deliveries in one claim unit (written at the snapshot). Large batches make claims rare; fairness does not depend
    /// on them (see <see cref="BatchTurn"/>), nor does the number of rows that can turn UNKNOWN after a crash (see
    /// <see cref="Concurrency"/>).
    /// </summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Lanes of this process's batch work loop: batches (of any sends, which take turns) it works on at once, so that
    /// one batch's store writes overlap another's rendering and sending.
    /// </summary>
    [Range(1, 16)]
    public int BatchesInFlight { get; set; } = 3;

    /// <summary>
    /// Most provider calls a lane has started without their outcome stored (its in-flight window). The window is also
    /// kept to the lane's part of what this process's rate lets leave in a tenth of a second (at least one), so rows
    /// marked in flight are rows about to leave. Rows that can turn UNKNOWN after a crash: at most this times
    /// <see cref="BatchesInFlight"/>.
    /// Outcomes are stored (one store write) each time half the window has finished (the whole window when the calls
    /// end at once, as the null transport's do).
    /// </summary>
    [Range(1, 256)]
    public int Concurrency { get; set; } = 64;

    /// <summary>
    /// How long a lane keeps a claimed batch before handing back the rows it has not started (the batch is claimable
    /// again, and other sends take their turn first): a slow account cannot make another organisation's send wait for
    /// a whole batch to drain.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan BatchTurn { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claim lasts; a crashed worker's rows turn UNKNOWN after it.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts per delivery for throttling and transient errors before it FAILS.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Rate limit when the transport cannot tell its own (per second).</summary>
    [Range(1, 100_000)]
    public double DefaultMaxSendRate { get; set; } = 14;

    /// <summary>
    /// Names the provider account in the store: instances on one store with the same group share one rate limit
    /// (the account's MaxSendRate), whatever their number. Empty (the default): the transport's name (<c>ses</c>), right
    /// when every instance on the store sends through one SES account; give instances of other accounts (e.g. other
    /// regions) their own group.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9._:-]{0,100}$")]
    public string RateLimitGroup { get; set; } = "";

    /// <summary>How often idle workers look for work.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often sends paused because the provider's 24-hour quota was used up are checked against the provider's
    /// account (SES GetAccount) and resumed when it has room again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ProviderQuotaCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Optional mailbox for mailto: unsubscribe, e.g. unsubscribe@example.com.</summary>
    public string UnsubscribeMailto { get; set; } = "";

    /// <summary>
    /// Read only by the first start on an empty store: the first key of the unsubscribe key ring (base64, 32 bytes), so
    /// that links signed by a build that kept the key in configuration keep working. Empty: a random key. After that
    /// the ring lives in the store (rotate with <c>admin rotate-unsubscribe-key</c>).
    /// </summary>
    public string UnsubscribeKey { get; set; } = "";

    /// <summary>The id of the ring's first key inside tokens (the id earlier builds used).</summary>
    [RegularExpression("^[A-Za-z0-9_-]{1,16}$")]
    public string UnsubscribeKeyId { get; set; } = "k1";
}
