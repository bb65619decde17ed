using MassEmail.Core.Connections;
using MassEmail.Plugins.Abstractions;

namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>The Zoho Campaigns API v1.1 endpoints we call, each with its documented windows and lock.</summary>
public static class ZohoEndpoints
{
    /// <summary>Most addresses one <c>addlistsubscribersinbulk</c> call takes.</summary>
    public const int BulkMaxEmails = 10;

    public static readonly EndpointLimit GetMailingLists = new(
        "getmailinglists", [new CallWindow(500, TimeSpan.FromMinutes(5))], TimeSpan.FromMinutes(30));

    public static readonly EndpointLimit GetListSubscribers = new(
        "getlistsubscribers", [new CallWindow(500, TimeSpan.FromMinutes(5))], TimeSpan.FromMinutes(30));

    public static readonly EndpointLimit ListSubscribe = new(
        "json/listsubscribe",
        [new CallWindow(500, TimeSpan.FromMinutes(1)), new CallWindow(12_500, TimeSpan.FromHours(1)), new CallWindow(75_000, TimeSpan.FromDays(1))],
        TimeSpan.FromMinutes(30));

    public static readonly EndpointLimit ListUnsubscribe = new(
        "json/listunsubscribe", [new CallWindow(500, TimeSpan.FromMinutes(5))], TimeSpan.FromMinutes(30));

    public static readonly EndpointLimit BulkSubscribe = new(
        "addlistsubscribersinbulk", [new CallWindow(2_000, TimeSpan.FromMinutes(1))], TimeSpan.FromMinutes(10));

    /// <summary>Zoho accounts: at most 10 access tokens per refresh token per 10 minutes ("Access Denied" beyond).</summary>
    public static readonly EndpointLimit TokenIssue = new(
        "oauth/v2/token", [new CallWindow(10, TimeSpan.FromMinutes(10))], TimeSpan.FromMinutes(10));

    public static readonly VendorLimits Limits = new(
        MaxChangesPerBatch: 500, MaxMembersPerCall: BulkMaxEmails, MaxSimultaneousConnections: null,
        [GetMailingLists, GetListSubscribers, ListSubscribe, ListUnsubscribe, BulkSubscribe, TokenIssue]);
}
