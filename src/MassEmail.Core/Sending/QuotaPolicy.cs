using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending;

/// <summary>The daily limits of an organisation and its users, and the UTC day they count in.</summary>
public sealed class QuotaPolicy(IOptions<SendingOptions> options, TimeProvider time)
{
    public const string BulkCounter = "bulk";

    /// <summary>The organisation's pool of individual emails (SendEmail and test sends), whichever users send them.</summary>
    public const string IndividualCounter = "individual";

    /// <summary>Today in UTC: the day quotas count in (00:00–23:59 GMT).</summary>
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>The organisation's bulk limit per day; 0 for the Free edition.</summary>
    public long BulkLimit(Organisation org)
    {
        var o = options.Value;
        return org.Edition switch
        {
            Edition.Free => 0,
            _ when org.BulkDailyLimitOverride is { } custom => custom,
            Edition.Standard => o.BulkDailyStandard,
            Edition.Professional => o.BulkDailyProfessional,
            _ => o.BulkDailyEnterprise,
        };
    }

    /// <summary>
    /// The organisation's individual emails per day: the edition's figure per user times its active users (5 users at
    /// 300 → 1,500), a pool any of them may use up; 0 for the Free edition, which sends no email.
    /// </summary>
    public long IndividualPool(Organisation org, int activeUsers) => IndividualLimit(org) * Math.Max(0, activeUsers);

    /// <summary>The edition's individual emails per active user per day.</summary>
    public long IndividualLimit(Organisation org)
    {
        var o = options.Value;
        return org.Edition switch
        {
            Edition.Free => 0,
            Edition.Standard => o.IndividualDailyStandard,
            Edition.Professional => o.IndividualDailyProfessional,
            _ => o.IndividualDailyEnterprise,
        };
    }
}
