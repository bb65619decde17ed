using MassEmail.Plugins.Abstractions;

namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>Settings of the Zoho Campaigns plugin (section <see cref="SectionName"/>); the accounts are per connection.</summary>
public sealed class ZohoCampaignsOptions
{
    public const string SectionName = "Plugins:ZohoCampaigns";

    /// <summary>Replaces every data centre's accounts host (a test's fake, a proxy). Null: the data centre's own host.</summary>
    public Uri? AccountsBaseUrl { get; set; }

    /// <summary>Replaces every data centre's Campaigns host. Null: the data centre's own host.</summary>
    public Uri? CampaignsBaseUrl { get; set; }

    /// <summary>The contact source Zoho records for contacts we add (<c>source</c> of <c>listsubscribe</c>).</summary>
    public string ContactSource { get; set; } = "MassEmail";

    /// <summary>Contacts per page of <c>getlistsubscribers</c> when polling opt-outs. Default 200.</summary>
    public int OptOutPageSize { get; set; } = 200;

    /// <summary>
    /// How often opt-out polling reads the unsubscribed and bounced contacts again from the first (in between it reads
    /// only those past the ones it counted): the longest an opt-out stays unread when another contact left those lists
    /// before it. Default one day.
    /// </summary>
    public TimeSpan OptOutFullPassInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Transport retries and the back-off after an outage.</summary>
    public TransportOptions Transport { get; set; } = new();
}
