using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests.Zoho;

/// <summary>The fake's own checks bite: without them the plugin tests that find no violation would prove nothing.</summary>
public sealed class FakeZohoCampaignsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly HttpClient http = new();
    private FakeZohoCampaigns fake = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeZohoCampaigns.StartAsync(time);
        fake.AddList("raw", "Raw");
        http.BaseAddress = fake.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await fake.DisposeAsync();
    }

    [Fact]
    public async Task Bulk_ElevenAddresses_RefusedAndAViolation()
    {
        var token = await TokenAsync();

        var code = await PostAsync("api/v1.1/addlistsubscribersinbulk", token,
            ("listkey", "raw"), ("resfmt", "JSON"), ("emailids", string.Join(',', Enumerable.Range(0, 11).Select(i => $"x{i}@example.org"))));

        Assert.NotEqual("0", code);
        Assert.Contains(fake.Violations, v => v.Contains("11 addresses", StringComparison.Ordinal));
        Assert.Equal(0, fake.List("raw").Count("active"));
    }

    [Fact]
    public async Task ListSubscribe_501CallsInAMinute_2101ThenLockedForThirtyMinutes()
    {
        var token = await TokenAsync();
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal("0", await SubscribeAsync(token, i));
        }

        Assert.Equal("2101", await SubscribeAsync(token, 500));
        time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal("2101", await SubscribeAsync(token, 501));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("0", await SubscribeAsync(token, 502));
        Assert.Equal(2, fake.Violations.Count);
    }

    [Fact]
    public async Task Token_EleventhIssueInTenMinutes_AccessDenied()
    {
        for (var i = 0; i < 10; i++)
        {
            await TokenAsync();
        }

        using var response = await http.PostAsync("oauth/v2/token", Form(("grant_type", "refresh_token"), ("client_id", FakeZohoCampaigns.ClientId),
            ("client_secret", FakeZohoCampaigns.ClientSecret), ("refresh_token", FakeZohoCampaigns.RefreshToken)));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Access Denied", body.GetProperty("error").GetString());
        Assert.Equal(10, fake.TokensIssued);
    }

    private Task<string> SubscribeAsync(string token, int i) =>
        PostAsync("api/v1.1/json/listsubscribe", token, ("listkey", "raw"), ("resfmt", "JSON"), ("contactinfo", $$"""{"Contact Email":"s{{i}}@example.org"}"""));

    private async Task<string> TokenAsync()
    {
        using var response = await http.PostAsync("oauth/v2/token", Form(("grant_type", "refresh_token"), ("client_id", FakeZohoCampaigns.ClientId),
            ("client_secret", FakeZohoCampaigns.ClientSecret), ("refresh_token", FakeZohoCampaigns.RefreshToken)));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private async Task<string> PostAsync(string path, string token, params (string, string)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Form(fields) };
        request.Headers.TryAddWithoutValidation("Authorization", "Zoho-oauthtoken " + token);
        using var response = await http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
}
