using MassEmail.Core.Syncs;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// A campaign tool (Zoho Campaigns, Mailchimp…) that local mailing-list membership is synced to and opt-outs come back
/// from. One instance serves every connection of its vendor; every call names the connection it acts for. Calls never
/// wait out a vendor's window or lock: what cannot be done now comes back as <see cref="MembershipOutcome.RetryLater"/>
/// with the time to try again, so the caller (the outbox worker) decides when to come back.
/// </summary>
public interface ICampaignToolPlugin
{
    /// <summary>The vendor's name as connections store it (<c>zoho-campaigns</c>, <c>mailchimp</c>).</summary>
    string Vendor { get; }

    /// <summary>The vendor's documented limits: batch size, simultaneous connections, per-endpoint windows and locks.</summary>
    VendorLimits Limits { get; }

    /// <summary>
    /// The vendor's field names for the local <c>email</c>, <c>first_name</c> and <c>last_name</c>: a sync definition's
    /// mapping when it gives none (Zoho Recruit's own Campaigns sync maps these three by default).
    /// </summary>
    IReadOnlyList<SyncFieldMapping> DefaultFields { get; }

    /// <summary>
    /// Checks a new connection's data centre and credentials (names such as <c>client_id</c>, <c>api_key</c>) without
    /// calling the vendor; never throws on hostile input.
    /// </summary>
    ConnectionCheck CheckConnection(string dataCentre, IReadOnlyDictionary<string, string> credentials);

    /// <summary>The mailing lists (audiences) of the connected account.</summary>
    Task<IReadOnlyList<RemoteList>> ListRemoteListsAsync(PluginConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="changes"/> to the remote list, one result per change in the same order. Changes of one
    /// contact are applied in the order given; once one of them must be retried later, the later ones of that contact
    /// are not attempted (they come back <see cref="MembershipOutcome.RetryLater"/> too), so per-contact order holds.
    /// </summary>
    Task<IReadOnlyList<MembershipResult>> ApplyAsync(
        PluginConnection connection, string remoteListId, IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken);

    /// <summary>
    /// Opt-outs and bounces recorded by the vendor since <paramref name="cursor"/> (null: from the beginning), one page;
    /// pass the page's <see cref="RemoteOptOutPage.Cursor"/> next time.
    /// </summary>
    Task<RemoteOptOutPage> FetchOptOutsAsync(
        PluginConnection connection, string remoteListId, string? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// Verifies an incoming webhook request for <paramref name="connection"/> and parses it into events. Never throws on
    /// hostile input: the verdict says what to answer.
    /// </summary>
    WebhookVerdict ParseWebhook(PluginConnection connection, WebhookRequest request);
}
