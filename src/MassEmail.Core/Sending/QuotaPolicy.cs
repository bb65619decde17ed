using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending;

/// <summary>The daily limits of an organisation and its users, and the UTC day they count in.</summary>
public sealed class QuotaPolicy(IOptions<SendingOptions> options, TimeProvider time)
{
    public const string BulkCounter = "bulk";

    public static string UserCounter(string userId) => "user:" + userId;

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

    /// <summary>A user's individual limit per day.</summary>
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
