using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MassEmail.Testing;

/// <summary>
/// A fake Mailchimp Marketing API v3 in Kestrel on 127.0.0.1 (a port the OS picks), from Mailchimp's documented
/// behaviour: batch <c>POST /3.0/lists/{id}</c> of at most 500 members answering 200 with per-member <c>errors</c>,
/// members keyed by the MD5 of the lowercased address, an unsubscribed or cleaned member refused as "in a compliance
/// state" when set to subscribed, at most 10 simultaneous connections (429 beyond), forced 429s and bare 403s, and 503
/// outages, and archiving a member (<c>DELETE …/members/{hash}</c>). Member changes use the given <see cref="TimeProvider"/> for <c>last_changed</c>.
/// </summary>
public sealed class FakeMailchimp : IAsyncDisposable
{
    public const string ApiKey = "0123456789abcdef0123456789abcdef-us6";

    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, FakeMailchimpMember>> lists = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> violations = new();
    private readonly ConcurrentQueue<int> batchSizes = new();
    private readonly Dictionary<(string ListId, string Hash), List<string>> history = [];
    private LoopbackHost host = null!;
    private int inFlight;
    private int maxInFlight;
    private int throttleNext;
    private int bareForbiddenNext;

    private FakeMailchimp(TimeProvider time)
    {
        this.time = time;
    }

    public Uri BaseAddress => host.BaseAddress;

    /// <summary>How long each batch takes to answer (real time: lets concurrent callers overlap).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>While true every request is answered 503.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Most requests ever in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    /// <summary>The member count of every batch received.</summary>
    public IReadOnlyList<int> BatchSizes => [.. batchSizes];

    /// <summary>Breaches: over 10 connections, over 500 members.</summary>
    public IReadOnlyList<string> Violations => [.. violations];

    public static async Task<FakeMailchimp> StartAsync(TimeProvider time)
    {
        var fake = new FakeMailchimp(time);
        fake.host = await LoopbackHost.StartAsync(fake.HandleAsync);
        return fake;
    }

    public void AddList(string id) => lists[id] = new(StringComparer.Ordinal);

    /// <summary>The member with this address (found by its MD5 id, as Mailchimp does), or null.</summary>
    public FakeMailchimpMember? Member(string listId, string email) => lists[listId].GetValueOrDefault(Hash(email));

    /// <summary>Every status the member was set to, in order, by the API or by the Remote* methods.</summary>
    public IReadOnlyList<string> History(string listId, string email)
    {
        lock (history)
        {
            return history.TryGetValue((listId, Hash(email)), out var statuses) ? [.. statuses] : [];
        }
    }

    /// <summary>The member subscribes again through Mailchimp's own signup form.</summary>
    public void RemoteSubscribe(string listId, string email) => Set(listId, email, "subscribed", null);

    /// <summary>The member unsubscribes through Mailchimp's own link.</summary>
    public void RemoteUnsubscribe(string listId, string email) => Set(listId, email, "unsubscribed", null);

    /// <summary>The address is cleaned after hard bounces.</summary>
    public void RemoteClean(string listId, string email) => Set(listId, email, "cleaned", null);

    /// <summary>The next <paramref name="count"/> requests are answered 429 (too many connections).</summary>
    public void ThrottleNext(int count) => Volatile.Write(ref throttleNext, count);

    /// <summary>The next <paramref name="count"/> requests are answered with a bare 403, as Mailchimp sometimes does at volume.</summary>
    public void ForbidNext(int count) => Volatile.Write(ref bareForbiddenNext, count);

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static string Hash(string email) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    private void Set(string listId, string email, string status, IReadOnlyDictionary<string, string>? fields)
    {
        var members = lists[listId];
        var hash = Hash(email);
        var before = members.GetValueOrDefault(hash);
        lock (history)
        {
            (history.TryGetValue((listId, hash), out var statuses) ? statuses : history[(listId, hash)] = []).Add(status);
        }

        members[hash] = new FakeMailchimpMember(before?.Email ?? email, status, fields ?? before?.MergeFields ?? new Dictionary<string, string>(), time.GetUtcNow());
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref inFlight);
        try
        {
            var max = Volatile.Read(ref maxInFlight);
            while (now > max && Interlocked.CompareExchange(ref maxInFlight, now, max) != max)
            {
                max = Volatile.Read(ref maxInFlight);
            }

            if (now > 10)
            {
                violations.Enqueue($"{now} simultaneous connections");
                await Answer(context, 429, new { title = "Too Many Requests", status = 429 });
                return;
            }

            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency);
            }

            await RouteAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("massemail:" + ApiKey));
        if (Unavailable)
        {
            context.Response.StatusCode = 503;
            return;
        }

        if (TakeOne(ref throttleNext))
        {
            await Answer(context, 429, new { title = "Too Many Requests", status = 429, detail = "You have exceeded the limit of 10 simultaneous connections." });
            return;
        }

        if (TakeOne(ref bareForbiddenNext))
        {
            context.Response.StatusCode = 403;
            return;
        }

        if (context.Request.Headers.Authorization.ToString() is var auth && !auth.EndsWith(expected[6..], StringComparison.Ordinal))
        {
            await Answer(context, 401, new { title = "API Key Invalid", status = 401 });
            return;
        }

        var parts = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        switch (context.Request.Method, parts)
        {
            case ("GET", ["3.0", "lists"]):
                await Answer(context, 200, new { lists = lists.Keys.Order().Select(id => new { id, name = $"Audience {id}", stats = new { member_count = lists[id].Count } }), total_items = lists.Count });
                return;
            case ("POST", ["3.0", "lists", var listId]) when lists.ContainsKey(listId):
                await BatchAsync(context, listId);
                return;
            case ("DELETE", ["3.0", "lists", var listId, "members", var hash]) when lists.ContainsKey(listId):
                await ArchiveAsync(context, listId, hash);
                return;
            case ("GET", ["3.0", "lists", var listId, "members"]) when lists.ContainsKey(listId):
                await MembersAsync(context, listId);
                return;
            default:
                await Answer(context, 404, new { title = "Resource Not Found", status = 404 });
                return;
        }
    }

    private async Task BatchAsync(HttpContext context, string listId)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        var members = body?["members"]?.AsArray() ?? [];
        batchSizes.Enqueue(members.Count);
        if (members.Count > 500)
        {
            violations.Enqueue($"a batch of {members.Count} members (at most 500)");
            await Answer(context, 400, new { title = "Invalid Resource", status = 400, detail = "members: at most 500 items" });
            return;
        }

        var errors = new List<object>();
        foreach (var member in members)
        {
            var email = member?["email_address"]?.GetValue<string>() ?? "";
            var status = member?["status"]?.GetValue<string>() ?? "";
            var fields = member?["merge_fields"]?.AsObject().ToDictionary(f => f.Key, f => f.Value?.ToString() ?? "");
            var current = lists[listId].GetValueOrDefault(Hash(email));
            if (!email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace))
            {
                errors.Add(new { email_address = email, error = $"{email} looks fake or invalid, please enter a real email address.", error_code = "ERROR_GENERIC" });
            }
            else if (status == "subscribed" && current?.Status is "unsubscribed" or "cleaned")
            {
                errors.Add(new { email_address = email, error = $"{email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.", error_code = "ERROR_CONTACT_EXISTS" });
            }
            else
            {
                Set(listId, email, status, fields);
            }
        }

        await Answer(context, 200, new { new_members = Array.Empty<object>(), updated_members = Array.Empty<object>(), errors, error_count = errors.Count });
    }

    /// <summary>Archiving: the member leaves the audience (its history records <c>archived</c>); 404 when it is not there.</summary>
    private async Task ArchiveAsync(HttpContext context, string listId, string hash)
    {
        if (!lists[listId].TryRemove(hash, out _))
        {
            await Answer(context, 404, new { title = "Resource Not Found", status = 404, detail = "The requested resource could not be found." });
            return;
        }

        lock (history)
        {
            (history.TryGetValue((listId, hash), out var statuses) ? statuses : history[(listId, hash)] = []).Add("archived");
        }

        context.Response.StatusCode = 204;
    }

    private async Task MembersAsync(HttpContext context, string listId)
    {
        var query = context.Request.Query;
        var status = query["status"].ToString();
        DateTimeOffset? since = DateTimeOffset.TryParse(query["since_last_changed"].ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var s) ? s : null;
        var count = int.TryParse(query["count"], out var c) ? c : 10;
        var offset = int.TryParse(query["offset"], out var o) ? o : 0;
        var found = lists[listId].Values.Where(m => (status.Length == 0 || m.Status == status) && (since is null || m.LastChanged >= since))
            .OrderBy(m => m.LastChanged).Skip(offset).Take(count)
            .Select(m => new { id = Hash(m.Email), email_address = m.Email, status = m.Status, last_changed = m.LastChanged.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture) });
        await Answer(context, 200, new { members = found.ToList() });
    }

    private static bool TakeOne(ref int counter)
    {
        var left = Volatile.Read(ref counter);
        while (left > 0)
        {
            if (Interlocked.CompareExchange(ref counter, left - 1, left) == left)
            {
                return true;
            }

            left = Volatile.Read(ref counter);
        }

        return false;
    }

    private static async Task Answer(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = status == 200 ? "application/json" : "application/problem+json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
