using System.Text.Json;
using MassEmail.Core.Errors;
using MassEmail.Core.Suppressions;
using MassEmail.Ses.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Ses.Tests.Transport;

/// <summary>
/// Issue 12 item 7: with <c>Ses:MirrorSuppressions</c> on, a bounce or complaint suppression is put on SES's
/// account-level list (<c>PutSuppressedDestination</c>, signed, over real HTTP to the fake SES); any error is
/// UNAVAILABLE-worthy; with the option off nothing is sent.
/// </summary>
public sealed class SesSuppressionListTests : IAsyncLifetime
{
    private FakeSes ses = null!;

    public async Task InitializeAsync() => ses = await FakeSes.StartAsync();

    public async Task DisposeAsync() => await ses.DisposeAsync();

    [Theory]
    [InlineData(SuppressionReason.Bounce, "BOUNCE")]
    [InlineData(SuppressionReason.Complaint, "COMPLAINT")]
    public async Task PutAsync_MirroringOn_PutsTheAddressWithSesReasonSigned(SuppressionReason reason, string sesReason)
    {
        await using var services = Services(mirror: true);
        var list = services.GetRequiredService<IProviderSuppressionList>();

        await list.PutAsync("ana@example.com", reason, CancellationToken.None);

        var request = Assert.Single(ses.AllRequests, r => r.Operation == "PutSuppressedDestination");
        Assert.Equal(("PUT", "/v2/email/suppression/addresses"), (request.Method, request.Path));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(("ana@example.com", sesReason), (body.RootElement.GetProperty("EmailAddress").GetString(), body.RootElement.GetProperty("Reason").GetString()));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=", request.Authorization, StringComparison.Ordinal);
        Assert.True(list.Enabled);
    }

    [Theory]
    [InlineData(FakeSesReply.ServerError)]
    [InlineData(FakeSesReply.AccessDenied)]
    [InlineData(FakeSesReply.Abort)]
    public async Task PutAsync_SesFailsOrAnswersAnError_IsProviderUnavailableNamingTheOperation(FakeSesReply reply)
    {
        await using var services = Services(mirror: true);
        ses.SuppressionReply = reply;

        var e = await Assert.ThrowsAsync<ProviderUnavailableException>(
            () => services.GetRequiredService<IProviderSuppressionList>().PutAsync("ana@example.com", SuppressionReason.Bounce, CancellationToken.None));

        Assert.Equal("PutSuppressedDestination", e.Operation);
        Assert.Contains("Retry the call", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enabled_MirroringOff_IsFalse()
    {
        await using var services = Services(mirror: false);

        Assert.False(services.GetRequiredService<IProviderSuppressionList>().Enabled);
    }

    private ServiceProvider Services(bool mirror) => TestServices.Build(new Dictionary<string, string?>
    {
        ["Ses:Region"] = "us-east-1",
        ["Ses:Endpoint"] = ses.BaseAddress.ToString(),
        ["Ses:MirrorSuppressions"] = mirror ? "true" : "false",
    });
}
