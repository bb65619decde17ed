namespace MassEmail.Testing;

/// <summary>
/// Zoho Campaigns' documented per-endpoint windows and locks (zoho.com/campaigns/help/developers/), kept apart from the
/// plugin's own table so that the fake checks the plugin rather than agreeing with it. Exceeding a window locks the
/// endpoint; every call while locked answers 2101. Calls made after the fake answered 2101 and before the lock ends
/// are <see cref="FakeZohoCampaigns.Violations"/>, and so is any call that exceeds a window.
/// </summary>
internal sealed class FakeZohoLimits(TimeProvider time)
{
    private static readonly Dictionary<string, ((int Calls, TimeSpan Period)[] Windows, TimeSpan Lock)> Table = new()
    {
        ["getmailinglists"] = ([(500, TimeSpan.FromMinutes(5))], TimeSpan.FromMinutes(30)),
        ["getlistsubscribers"] = ([(500, TimeSpan.FromMinutes(5))], TimeSpan.FromMinutes(30)),
        ["json/listsubscribe"] = ([(500, TimeSpan.FromMinutes(1)), (12_500, TimeSpan.FromHours(1)), (75_000, TimeSpan.FromDays(1))], TimeSpan.FromMinutes(30)),
        ["json/listunsubscribe"] = ([(500, TimeSpan.FromMinutes(5))], TimeSpan.FromMinutes(30)),
        ["addlistsubscribersinbulk"] = ([(2_000, TimeSpan.FromMinutes(1))], TimeSpan.FromMinutes(10)),
    };

    private readonly Lock gate = new();
    private readonly Dictionary<string, List<DateTimeOffset>> calls = [];
    private readonly Dictionary<string, (DateTimeOffset Until, bool Announced)> locks = [];

    /// <summary>Counts a call; false (and why) when the endpoint is locked or the call exceeds a window.</summary>
    public bool Admit(string endpoint, out string? violation)
    {
        violation = null;
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (locks.TryGetValue(endpoint, out var locked) && now < locked.Until)
            {
                if (locked.Announced)
                {
                    violation = $"{endpoint} called at {now:O} while locked until {locked.Until:O}";
                }

                locks[endpoint] = (locked.Until, true);
                return false;
            }

            var log = calls.TryGetValue(endpoint, out var list) ? list : calls[endpoint] = [];
            log.Add(now);
            var (windows, lockFor) = Table[endpoint];
            foreach (var (limit, period) in windows)
            {
                if (log.Count(t => t > now - period) > limit)
                {
                    violation = $"{endpoint}: more than {limit} calls in {period} at {now:O}";
                    locks[endpoint] = (now + lockFor, true);
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Locks <paramref name="endpoint"/> as if other clients of the account had used up its window.</summary>
    public void LockFor(string endpoint, TimeSpan duration)
    {
        lock (gate)
        {
            locks[endpoint] = (time.GetUtcNow() + duration, false);
        }
    }
}
