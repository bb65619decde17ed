using System.Text.Json;
using MassEmail.Core.Email;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Syncs;
using MassEmail.Plugins.Abstractions;
using MassEmail.Plugins.ZohoCampaigns.Api;
using Microsoft.Extensions.Options;

namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>
/// Zoho Campaigns (API v1.1). Subscribes without fields go ten at a time through <c>addlistsubscribersinbulk</c>
/// (2,000 calls a minute); subscribes with fields and updates one at a time through <c>json/listsubscribe</c>;
/// unsubscribes through <c>json/listunsubscribe</c>. Opt-outs come back by polling <c>getlistsubscribers</c>
/// (Zoho has no webhooks for list events); Email-API-style webhooks are accepted too.
/// </summary>
public sealed class ZohoCampaignsPlugin : ICampaignToolPlugin
{
    public const string VendorName = "zoho-campaigns";

    private const string EmailField = "Contact Email";
    private static readonly string[] RequiredCredentials = ["client_id", "client_secret", "refresh_token"];
    private static readonly string[] OptionalCredentials = ["webhook_secret", "webhook_user", "webhook_password"];
    private readonly IZohoCampaignsApi api;
    private readonly ZohoCaller caller;
    private readonly IOptions<ZohoCampaignsOptions> options;
    private readonly TimeProvider time;

    internal ZohoCampaignsPlugin(IZohoCampaignsApi api, ZohoCaller caller, IOptions<ZohoCampaignsOptions> options, TimeProvider time)
    {
        this.api = api;
        this.caller = caller;
        this.options = options;
        this.time = time;
    }

    public string Vendor => VendorName;

    public IReadOnlyList<SyncFieldMapping> DefaultFields { get; } =
        [new(StandardFields.Email, EmailField), new(StandardFields.FirstName, "First Name"), new(StandardFields.LastName, "Last Name")];

    public VendorLimits Limits => ZohoEndpoints.Limits;

    public ConnectionCheck CheckConnection(string dataCentre, IReadOnlyDictionary<string, string> credentials)
    {
        var violations = ConnectionCheck.CheckCredentials(credentials, RequiredCredentials, OptionalCredentials);
        var code = ZohoDataCentres.CodeOf(dataCentre);
        if (code is null)
        {
            violations.Insert(0, new FieldViolation("data_centre",
                $"is not a Zoho data centre; one of {string.Join(", ", ZohoDataCentres.Codes)} or its accounts host (accounts.zoho.eu, accounts.zohocloud.ca, accounts.zoho.sa…)"));
        }

        return new ConnectionCheck(code ?? "", violations);
    }

    public async Task<IReadOnlyList<RemoteList>> ListRemoteListsAsync(PluginConnection connection, CancellationToken cancellationToken)
    {
        var lists = new List<RemoteList>();
        const int page = 100;
        for (var from = 1; ; from += page)
        {
            var answer = await caller.CallAsync(connection, ZohoEndpoints.GetMailingLists,
                (b, auth, ct) => api.GetMailingListsAsync(b, auth, "asc", from, page, ct), cancellationToken);
            if (!answer.IsSuccess)
            {
                throw new InvalidOperationException($"Zoho Campaigns did not list the mailing lists: {answer.Detail}");
            }

            var details = answer.Body?.Details ?? [];
            lists.AddRange(details.Where(d => d.ListKey is not null).Select(d => new RemoteList(d.ListKey!, d.ListName ?? d.ListKey!, d.ContactCount)));
            if (details.Count < page)
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
        var bulk = new List<int>();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (bulk.Exists(b => changes[b].ContactKey == change.ContactKey))
            {
                // This contact's earlier subscribe is still in the pending bulk call: send it first, order matters.
                await FlushBulkAsync(connection, remoteListId, changes, bulk, results, waiting, cancellationToken);
            }

            if (waiting.TryGetValue(change.ContactKey, out var after))
            {
                results[i] = MembershipResult.Later(change, after, "an earlier change of this contact waits");
                continue;
            }

            if (!EmailAddressParser.TryNormalize(change.Email, out _, out var error))
            {
                results[i] = MembershipResult.Rejected(change, RejectionReason.InvalidEmail, $"invalid address: {error}");
                continue;
            }

            if (change.Kind == MembershipChangeKind.Subscribe && change.Fields.Count == 0)
            {
                bulk.Add(i);
                if (bulk.Count == ZohoEndpoints.BulkMaxEmails)
                {
                    await FlushBulkAsync(connection, remoteListId, changes, bulk, results, waiting, cancellationToken);
                }

                continue;
            }

            // Zoho Campaigns v1.1 removes no contact from a list: a removal unsubscribes it there.
            var result = change.Kind is MembershipChangeKind.Unsubscribe or MembershipChangeKind.Remove
                ? await UnsubscribeAsync(connection, remoteListId, change, cancellationToken)
                : await SubscribeOneAsync(connection, remoteListId, change, cancellationToken);
            Record(results, waiting, i, result);
        }

        await FlushBulkAsync(connection, remoteListId, changes, bulk, results, waiting, cancellationToken);
        return results.Select(r => r!).ToList();
    }

    public async Task<RemoteOptOutPage> FetchOptOutsAsync(
        PluginConnection connection, string remoteListId, string? cursor, CancellationToken cancellationToken)
    {
        var position = ZohoOptOutCursor.Parse(cursor);
        var now = time.GetUtcNow();
        if (position.PassStarted is not { } started)
        {
            position = position with { PassStarted = now };
        }
        else if (now - started >= options.Value.OptOutFullPassInterval)
        {
            // Counting finds the contacts added at the end since the last poll. But one that leaves the unsub or bounce
            // list (it signed up again, or was deleted) moves every later one a place up, and Zoho documents neither
            // the order nor a cursor: the next opt-out would be missed. So the lists are read again from the start
            // once per pass interval; an opt-out read again changes nothing.
            position = new ZohoOptOutCursor(0, 0, now);
        }

        var pageSize = options.Value.OptOutPageSize;
        var optOuts = new List<RemoteOptOut>();
        var hasMore = false;
        foreach (var (status, kind) in new[] { ("unsub", RemoteOptOutKind.Unsubscribed), ("bounce", RemoteOptOutKind.Bounced) })
        {
            var seen = position.Seen(status);
            // Oldest first, so that contacts added since the last poll are at the end, after the ones already seen.
            var answer = await caller.CallAsync(connection, ZohoEndpoints.GetListSubscribers,
                (b, auth, ct) => api.GetListSubscribersAsync(b, auth, remoteListId, status, "asc", seen + 1, pageSize, ct), cancellationToken);
            if (answer.IsLater)
            {
                return new RemoteOptOutPage(optOuts, position.ToString(), HasMore: true, answer.RetryAt);
            }

            var details = answer.IsSuccess ? answer.Body?.Details ?? [] : [];
            optOuts.AddRange(details.Where(d => d.ContactEmail is not null).Select(d => new RemoteOptOut(d.ContactEmail!, kind, AddedAt(d))));
            position = position.With(status, seen + details.Count);
            hasMore |= details.Count == pageSize;
        }

        return new RemoteOptOutPage(optOuts, position.ToString(), hasMore);
    }

    public WebhookVerdict ParseWebhook(PluginConnection connection, WebhookRequest request) =>
        ZohoWebhooks.Parse(connection, request, time);

    private static DateTimeOffset? AddedAt(ZohoDetail detail) =>
        long.TryParse(detail.AddedTime, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static void Record(MembershipResult?[] results, Dictionary<string, DateTimeOffset> waiting, int index, MembershipResult result)
    {
        results[index] = result;
        if (result.Outcome == MembershipOutcome.RetryLater)
        {
            waiting.TryAdd(result.Change.ContactKey, result.RetryAt!.Value);
        }
    }

    private async Task FlushBulkAsync(
        PluginConnection connection, string listKey, IReadOnlyList<MembershipChange> changes, List<int> bulk,
        MembershipResult?[] results, Dictionary<string, DateTimeOffset> waiting, CancellationToken cancellationToken)
    {
        if (bulk.Count == 0)
        {
            return;
        }

        var batch = bulk.ToList();
        bulk.Clear();
        var answer = await BulkAsync(connection, listKey, batch.Select(i => changes[i].Email), cancellationToken);
        if (answer.Code is ZohoCodes.InvalidEmail or ZohoCodes.GroupAddress && batch.Count > 1)
        {
            // One bad address fails the whole call and Zoho does not say which: send them one by one.
            foreach (var i in batch)
            {
                Record(results, waiting, i, ToResult(changes[i], await BulkAsync(connection, listKey, [changes[i].Email], cancellationToken)));
            }

            return;
        }

        foreach (var i in batch)
        {
            Record(results, waiting, i, ToResult(changes[i], answer));
        }
    }

    private Task<ZohoAnswer> BulkAsync(PluginConnection connection, string listKey, IEnumerable<string> emails, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["listkey"] = listKey, ["resfmt"] = "JSON", ["emailids"] = string.Join(',', emails) };
        return caller.CallAsync(connection, ZohoEndpoints.BulkSubscribe,
            (b, auth, ct) => api.AddListSubscribersInBulkAsync(b, auth, form, ct), cancellationToken);
    }

    private async Task<MembershipResult> SubscribeOneAsync(PluginConnection connection, string listKey, MembershipChange change, CancellationToken cancellationToken)
    {
        var contact = new Dictionary<string, string>(change.Fields) { [EmailField] = change.Email };
        var form = new Dictionary<string, string>
        {
            ["listkey"] = listKey,
            ["resfmt"] = "JSON",
            ["contactinfo"] = JsonSerializer.Serialize(contact),
            ["source"] = options.Value.ContactSource,
        };
        var answer = await caller.CallAsync(connection, ZohoEndpoints.ListSubscribe,
            (b, auth, ct) => api.ListSubscribeAsync(b, auth, form, ct), cancellationToken);
        return ToResult(change, answer);
    }

    private async Task<MembershipResult> UnsubscribeAsync(PluginConnection connection, string listKey, MembershipChange change, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["listkey"] = listKey,
            ["resfmt"] = "JSON",
            ["contactinfo"] = JsonSerializer.Serialize(new Dictionary<string, string> { [EmailField] = change.Email }),
        };
        var answer = await caller.CallAsync(connection, ZohoEndpoints.ListUnsubscribe,
            (b, auth, ct) => api.ListUnsubscribeAsync(b, auth, form, ct), cancellationToken);
        return ToResult(change, answer);
    }

    private MembershipResult ToResult(MembershipChange change, ZohoAnswer answer) => answer switch
    {
        { IsLater: true } => MembershipResult.Later(change, answer.RetryAt!.Value, answer.Detail),
        { IsSuccess: true } => MembershipResult.Applied(change, ConfirmationSent(answer)),
        { Code: ZohoCodes.AlreadyInList } => MembershipResult.Applied(change),
        { Code: ZohoCodes.InvalidEmail or ZohoCodes.GroupAddress } => MembershipResult.Rejected(change, RejectionReason.InvalidEmail, answer.Detail),
        { Code: ZohoCodes.BadListKey } => MembershipResult.Rejected(change, RejectionReason.UnknownList, answer.Detail),
        // The account's contact limit: not this contact's fault, and it may be raised.
        { Code: ZohoCodes.ContactLimit } => MembershipResult.Later(change, time.GetUtcNow() + TimeSpan.FromHours(1), answer.Detail),
        // 1007 again right after a fresh token: the grant was revoked; the connection needs attention, the change waits.
        { Code: ZohoCodes.Unauthorised } => MembershipResult.Later(change, time.GetUtcNow() + options.Value.Transport.OutageBackoff, answer.Detail),
        _ => MembershipResult.Rejected(change, RejectionReason.Other, answer.Detail),
    };

    /// <summary>A list with a signup form mails the contact a confirmation: Zoho says so in the message.</summary>
    private static bool ConfirmationSent(ZohoAnswer answer) =>
        answer.Body?.Message?.Contains("confirmation", StringComparison.OrdinalIgnoreCase) == true;
}
