using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MassEmail.Testing;

/// <summary>
/// A fake Zoho Campaigns API v1.1 and Zoho accounts in one Kestrel on 127.0.0.1 (a port the OS picks), built from Zoho's
/// documented behaviour: errors as HTTP 200 with a <c>code</c> in the body and no Retry-After (1007 unauthorised,
/// 2004 invalid email, 2101 retry later, 2501 bad list key), per-endpoint windows and locks on a
/// <see cref="TimeProvider"/> (virtual time), at most 10 addresses per bulk call, access tokens that expire after an
/// hour and at most 10 issued per refresh token per 10 minutes ("Access Denied"), and 503 outages. Every call is
/// logged and every breach of a documented rule is a <see cref="Violations"/> entry.
/// </summary>
public sealed partial class FakeZohoCampaigns : IAsyncDisposable
{
    public const string ClientId = "1000.FAKECLIENTID";
    public const string ClientSecret = "fake-client-secret-5e3b9c";
    public const string RefreshToken = "1000.fake-refresh-token-8f2d41";

    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan IssueWindow = TimeSpan.FromMinutes(10);
    private const int IssuesPerWindow = 10;

    private readonly TimeProvider time;
    private readonly FakeZohoLimits limits;
    private readonly Lock tokenGate = new();
    private readonly Dictionary<string, DateTimeOffset> accessTokens = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> issues = [];
    private readonly ConcurrentDictionary<string, FakeZohoList> lists = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeZohoCall> calls = new();
    private readonly ConcurrentQueue<string> violations = new();
    private LoopbackHost host = null!;
    private int outageCalls;

    private FakeZohoCampaigns(TimeProvider time)
    {
        this.time = time;
        limits = new FakeZohoLimits(time);
    }

    public Uri BaseAddress => host.BaseAddress;

    /// <summary>Every call, in arrival order.</summary>
    public IReadOnlyList<FakeZohoCall> Calls => [.. calls];

    /// <summary>Every breach of a documented rule by the client: window exceeded, called while locked, bulk over 10.</summary>
    public IReadOnlyList<string> Violations => [.. violations];

    /// <summary>Access tokens issued so far.</summary>
    public int TokensIssued
    {
        get
        {
            lock (tokenGate)
            {
                return issues.Count;
            }
        }
    }

    /// <summary>Every access token issued so far (what a log check searches for).</summary>
    public IReadOnlyList<string> IssuedAccessTokens
    {
        get
        {
            lock (tokenGate)
            {
                return [.. accessTokens.Keys];
            }
        }
    }

    /// <summary>While true every request is answered 503 (a Zoho outage).</summary>
    public bool Unavailable { get; set; }

    /// <summary>Requests answered 503 so far.</summary>
    public int OutageCalls => Volatile.Read(ref outageCalls);

    public static async Task<FakeZohoCampaigns> StartAsync(TimeProvider time)
    {
        var fake = new FakeZohoCampaigns(time);
        fake.host = await LoopbackHost.StartAsync(fake.HandleAsync);
        return fake;
    }

    public FakeZohoList AddList(string key, string name, bool signupForm = false) => lists[key] = new FakeZohoList(key, name, signupForm);

    public FakeZohoList List(string key) => lists[key];

    /// <summary>Every access token issued so far stops working now (Zoho revoked them, or the hour passed early).</summary>
    public void ExpireAccessTokens()
    {
        lock (tokenGate)
        {
            foreach (var token in accessTokens.Keys.ToList())
            {
                accessTokens[token] = DateTimeOffset.MinValue;
            }
        }
    }

    /// <summary>Locks an endpoint as if other clients of the account had used up its window.</summary>
    public void Lock(string endpoint, TimeSpan duration) => limits.LockFor(endpoint, duration);

    /// <summary>The contact unsubscribes through Zoho's own link (what polling must find).</summary>
    public void RemoteUnsubscribe(string listKey, string email) => lists[listKey].Apply(email, "unsubscribe", time.GetUtcNow());

    /// <summary>The contact's address bounces for good in a Zoho campaign.</summary>
    public void RemoteBounce(string listKey, string email) => lists[listKey].Apply(email, "bounce", time.GetUtcNow());

    /// <summary>The contact joins the list again on Zoho's side (a signup form, the account's admin): active again.</summary>
    public void RemoteSubscribe(string listKey, string email) => lists[listKey].Apply(email, "subscribe", time.GetUtcNow());

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (Unavailable)
        {
            Interlocked.Increment(ref outageCalls);
            calls.Enqueue(new FakeZohoCall(path, time.GetUtcNow(), 0, 503));
            context.Response.StatusCode = 503;
            return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
        string? Param(string name) => form?[name].FirstOrDefault() ?? context.Request.Query[name].FirstOrDefault();
        if (path == "/oauth/v2/token" && context.Request.Method == "POST")
        {
            await WriteAsync(context, "token", 0, Token(Param));
            return;
        }

        const string prefix = "/api/v1.1/";
        var endpoint = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;
        var (code, emails, body) = Answer(context, endpoint, Param);
        await WriteAsync(context, endpoint, emails, (code, body));
    }

    private async Task WriteAsync(HttpContext context, string endpoint, int emails, (int Code, object Body) answer)
    {
        calls.Enqueue(new FakeZohoCall(endpoint, time.GetUtcNow(), emails, answer.Code));
        context.Response.StatusCode = answer.Code == 404 ? 404 : 200;
        context.Response.ContentType = "application/json;charset=UTF-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(answer.Body));
    }

    private (int Code, object Body) Token(Func<string, string?> param)
    {
        if (param("grant_type") != "refresh_token" || param("client_id") != ClientId || param("client_secret") != ClientSecret ||
            param("refresh_token") != RefreshToken)
        {
            return (1, new { error = "invalid_client" });
        }

        lock (tokenGate)
        {
            var now = time.GetUtcNow();
            if (issues.Count(t => t > now - IssueWindow) >= IssuesPerWindow)
            {
                violations.Enqueue($"more than {IssuesPerWindow} access tokens asked for in {IssueWindow} at {now:O}");
                return (2, new { error = "Access Denied", error_description = "You have made too many requests continuously. Please try again after some time.", status = "failure" });
            }

            issues.Add(now);
            var token = $"1000.{Guid.NewGuid():N}";
            accessTokens[token] = now + TokenLifetime;
            return (0, new { access_token = token, api_domain = "https://www.zohoapis.com", token_type = "Bearer", expires_in = (int)TokenLifetime.TotalSeconds });
        }
    }

    private bool Authorised(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Zoho-oauthtoken ";
        lock (tokenGate)
        {
            return header.StartsWith(scheme, StringComparison.Ordinal) &&
                accessTokens.TryGetValue(header[scheme.Length..], out var expires) && time.GetUtcNow() < expires;
        }
    }
}
