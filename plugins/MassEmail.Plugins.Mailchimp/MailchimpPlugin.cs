using System.Net;
using System.Text;
using MassEmail.Core.Email;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Syncs;
using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.Mailchimp.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace MassEmail.Plugins.Mailchimp;

/// <summary>
/// Mailchimp (Marketing API v3). Changes go in batches of at most 500 members (<c>POST /lists/{id}</c>,
/// <c>update_existing</c>), each contact at most once per batch so that its changes stay in order. A member
/// Mailchimp holds as unsubscribed or cleaned is never resubscribed: its "compliance state" error comes back as
/// <see cref="RejectionReason.RemotelyOptedOut"/>, and <c>pending</c> (a re-opt-in mail) is never sent by a sync.
/// </summary>
public sealed class MailchimpPlugin : ICampaignToolPlugin
{
    public const string VendorName = "mailchimp";
    public const int BatchMaxMembers = 500;

    private readonly IMailchimpApi api;
    private readonly MailchimpConnections connections;
    private readonly MailchimpEchoFilter echoes;
    private readonly IOptions<MailchimpOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<MailchimpPlugin> logger;

    internal MailchimpPlugin(
        IMailchimpApi api, MailchimpConnections connections, MailchimpEchoFilter echoes, IOptions<MailchimpOptions> options, TimeProvider time, ILogger<MailchimpPlugin> logger)
    {
        this.api = api;
        this.connections = connections;
        this.echoes = echoes;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    public string Vendor => VendorName;

    public IReadOnlyList<SyncFieldMapping> DefaultFields { get; } =
        [new(StandardFields.Email, "email_address"), new(StandardFields.FirstName, "FNAME"), new(StandardFields.LastName, "LNAME")];

    public VendorLimits Limits { get; } = new(BatchMaxMembers, BatchMaxMembers, 10, [new EndpointLimit("lists/{list_id}", [], TimeSpan.Zero)]);

    public ConnectionCheck CheckConnection(string dataCentre, IReadOnlyDictionary<string, string> credentials)
    {
        var violations = ConnectionCheck.CheckCredentials(credentials, ["api_key"], ["webhook_secret"]);
        var given = dataCentre.Trim().ToLowerInvariant();
        string? fromKey = null;
        if (credentials.TryGetValue("api_key", out var key) && key.Length > 0 && !violations.Exists(v => v.Field == "credentials.api_key"))
        {
            var dash = key.LastIndexOf('-');
            fromKey = dash > 0 && MailchimpDataCentre.IsWellFormed(key[(dash + 1)..]) ? key[(dash + 1)..] : null;
            if (fromKey is null)
            {
                violations.Add(new FieldViolation("credentials.api_key", "must end with the account's server prefix, as Mailchimp issues it (…-us6)"));
            }
        }

        if (given.Length > 0 && !MailchimpDataCentre.IsWellFormed(given))
        {
            violations.Insert(0, new FieldViolation("data_centre", "must be a Mailchimp server prefix such as us6 (or empty: taken from the API key)"));
        }
        else if (given.Length > 0 && fromKey is not null && given != fromKey)
        {
            violations.Insert(0, new FieldViolation("data_centre", "differs from the API key's server prefix"));
        }

        return new ConnectionCheck(given.Length > 0 ? given : fromKey ?? "", violations);
    }

    public async Task<IReadOnlyList<RemoteList>> ListRemoteListsAsync(PluginConnection connection, CancellationToken cancellationToken)
    {
        var lists = new List<RemoteList>();
        const int page = 100;
        for (var offset = 0; ; offset += page)
        {
            using var response = await connections.RunAsync(connection.Id,
                () => api.GetListsAsync(BaseUrl(connection), Authorization(connection), page, offset, cancellationToken), cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content?.Lists is not { } found)
            {
                throw new InvalidOperationException($"Mailchimp did not list the audiences: {Status(response)}");
            }

            lists.AddRange(found.Where(l => l.Id is not null).Select(l => new RemoteList(l.Id!, l.Name ?? l.Id!, l.Stats?.MemberCount)));
            if (found.Count < page)
            {
                return lists;
            }
        }
    }

    public async Task<IReadOnlyList<MembershipResult>> ApplyAsync(
        PluginConnection connection, string remoteListId, IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken)
    {
        var results = new MembershipResult?[changes.Count];
        var waiting = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var chunk = new List<int>();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (chunk.Count == BatchMaxMembers || chunk.Exists(c => changes[c].ContactKey == change.ContactKey))
            {
                await SendAsync(connection, remoteListId, changes, chunk, results, waiting, cancellationToken);
            }

            if (change.Kind == MembershipChangeKind.Remove)
            {
                // Not a batch operation: what the batch holds goes first, so every contact's changes keep their order.
                await SendAsync(connection, remoteListId, changes, chunk, results, waiting, cancellationToken);
            }

            if (waiting.TryGetValue(change.ContactKey, out var after))
            {
                results[i] = MembershipResult.Later(change, after, "an earlier change of this contact waits");
            }
            else if (!EmailAddressParser.TryNormalize(change.Email, out _, out var error))
            {
                results[i] = MembershipResult.Rejected(change, RejectionReason.InvalidEmail, $"invalid address: {error}");
            }
            else if (change.Kind == MembershipChangeKind.Remove)
            {
                results[i] = await ArchiveAsync(connection, remoteListId, change, cancellationToken);
                if (results[i]!.Outcome == MembershipOutcome.RetryLater)
                {
                    waiting.TryAdd(change.ContactKey, results[i]!.RetryAt!.Value);
                }
            }
            else
            {
                chunk.Add(i);
            }
        }

        await SendAsync(connection, remoteListId, changes, chunk, results, waiting, cancellationToken);
        return results.Select(r => r!).ToList();
    }

    public async Task<RemoteOptOutPage> FetchOptOutsAsync(
        PluginConnection connection, string remoteListId, string? cursor, CancellationToken cancellationToken)
    {
        var position = MailchimpOptOutCursor.Parse(cursor);
        var optOuts = new List<RemoteOptOut>();
        var hasMore = false;
        var pageSize = options.Value.OptOutPageSize;
        foreach (var status in new[] { "unsubscribed", "cleaned" })
        {
            var since = position.Since(status)?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
            using var response = await connections.RunAsync(connection.Id,
                () => api.GetMembersAsync(BaseUrl(connection), Authorization(connection), remoteListId, status, since, pageSize, 0, cancellationToken), cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content?.Members is not { } members)
            {
                logger.LogWarning("Mailchimp did not list {Status} members of connection {ConnectionId}: {Answer}", status, connection.Id, Status(response));
                return new RemoteOptOutPage(optOuts, position.ToString(), HasMore: true, time.GetUtcNow() + options.Value.Transport.OutageBackoff);
            }

            var kind = status == "cleaned" ? RemoteOptOutKind.Bounced : RemoteOptOutKind.Unsubscribed;
            optOuts.AddRange(members.Where(m => m.EmailAddress is not null)
                .Select(m => new RemoteOptOut(m.EmailAddress!, m.UnsubscribeReason?.Contains("abuse", StringComparison.OrdinalIgnoreCase) == true ? RemoteOptOutKind.Complained : kind, m.LastChanged, m.UnsubscribeReason)));
            position = position.With(status, members.Max(m => m.LastChanged));
            hasMore |= members.Count == pageSize;
        }

        return new RemoteOptOutPage(optOuts, position.ToString(), hasMore);
    }

    public WebhookVerdict ParseWebhook(PluginConnection connection, WebhookRequest request) =>
        MailchimpWebhooks.Parse(connection, request, echoes);

    private static string Authorization(PluginConnection connection) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("massemail:" + connection.Credentials["api_key"]));

    private Uri BaseUrl(PluginConnection connection) =>
        options.Value.BaseUrl ?? MailchimpDataCentre.BaseUrl(MailchimpDataCentre.Of(connection.Credentials["api_key"], connection.DataCentre));

    private static string Status(IApiResponse response) => response.StatusCode is { } status ? $"HTTP {(int)status}" : "unreachable";

    private async Task SendAsync(
        PluginConnection connection, string listId, IReadOnlyList<MembershipChange> changes, List<int> chunk,
        MembershipResult?[] results, Dictionary<string, DateTimeOffset> waiting, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        var batch = chunk.ToList();
        chunk.Clear();
        var members = batch.Select(i => changes[i]).Select(c => new MailchimpBatchMember(
            c.Email, c.Kind == MembershipChangeKind.Unsubscribe ? "unsubscribed" : "subscribed", c.Fields.Count == 0 ? null : c.Fields)).ToList();
        using var response = await connections.RunAsync(connection.Id,
            () => api.BatchAsync(BaseUrl(connection), Authorization(connection), listId, new MailchimpBatchRequest(members, UpdateExisting: true), cancellationToken),
            cancellationToken);
        var status = response.StatusCode;
        if (status is null or HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden or >= HttpStatusCode.InternalServerError || (response.IsSuccessStatusCode && response.Content is null))
        {
            // 429 and a bare 403 are Mailchimp's "too many connections"; no header says for how long.
            var at = time.GetUtcNow() + options.Value.Transport.OutageBackoff;
            logger.LogWarning("Mailchimp batch for connection {ConnectionId} not taken ({Answer}): retry at {RetryAt:O}", connection.Id, Status(response), at);
            foreach (var i in batch)
            {
                results[i] = MembershipResult.Later(changes[i], at, Status(response));
                waiting.TryAdd(changes[i].ContactKey, at);
            }

            return;
        }

        if (!response.IsSuccessStatusCode)
        {
            var reason = status == HttpStatusCode.NotFound ? RejectionReason.UnknownList : RejectionReason.Other;
            foreach (var i in batch)
            {
                results[i] = MembershipResult.Rejected(changes[i], reason, Status(response));
            }

            return;
        }

        var errors = (response.Content!.Errors ?? []).Where(e => e.EmailAddress is not null)
            .GroupBy(e => e.EmailAddress!.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First());
        foreach (var i in batch)
        {
            var change = changes[i];
            if (errors.TryGetValue(change.Email.ToLowerInvariant(), out var error))
            {
                results[i] = MembershipResult.Rejected(change, Classify(error), $"{error.ErrorCode}: {error.Error}");
            }
            else
            {
                results[i] = MembershipResult.Applied(change);
                echoes.Made(connection.Id, listId, change);
            }
        }
    }

    /// <summary>A removal: the member archived, or already off the list (404).</summary>
    private async Task<MembershipResult> ArchiveAsync(PluginConnection connection, string listId, MembershipChange change, CancellationToken cancellationToken)
    {
        using var response = await connections.RunAsync(connection.Id,
            () => api.ArchiveMemberAsync(BaseUrl(connection), Authorization(connection), listId, MailchimpSubscriberHash.Of(change.Email), cancellationToken),
            cancellationToken);
        switch (response.StatusCode)
        {
            case null or HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden or >= HttpStatusCode.InternalServerError:
                var at = time.GetUtcNow() + options.Value.Transport.OutageBackoff;
                logger.LogWarning("Mailchimp archive for connection {ConnectionId} not taken ({Answer}): retry at {RetryAt:O}", connection.Id, Status(response), at);
                return MembershipResult.Later(change, at, Status(response));
            case var status when response.IsSuccessStatusCode || status == HttpStatusCode.NotFound:
                echoes.Made(connection.Id, listId, change);
                return MembershipResult.Applied(change);
            default:
                return MembershipResult.Rejected(change, RejectionReason.Other, Status(response));
        }
    }

    private static RejectionReason Classify(MailchimpBatchError error)
    {
        var text = error.Error ?? "";
        return text.Contains("compliance", StringComparison.OrdinalIgnoreCase) ? RejectionReason.RemotelyOptedOut
            : text.Contains("invalid", StringComparison.OrdinalIgnoreCase) || text.Contains("fake", StringComparison.OrdinalIgnoreCase) ? RejectionReason.InvalidEmail
            : RejectionReason.Other;
    }
}
