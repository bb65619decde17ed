using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Tests.Hosting;

/// <summary>Issue 11 item 4: settings that would fail every send stop the service at start, naming the setting.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Ses:Region", "eu-west1", "Development", "Ses:Region 'eu-west1' is not an AWS region the SDK knows, such as us-east-1 or eu-west-1 (did you mean eu-west-1?).")]
    [InlineData("Sending:UnsubscribeBaseUrl", "http://127.0.0.1:5080/unsubscribe", "Production",
        "Sending:UnsubscribeBaseUrl 'http://127.0.0.1:5080/unsubscribe' must be a public https:// URL outside Development (it is the one-click unsubscribe link recipients use).")]
    [InlineData("Sending:UnsubscribeBaseUrl", "https://bücher.example/unsubscribe", "Development",
        "Sending:UnsubscribeBaseUrl 'https://bücher.example/unsubscribe' must be printable ASCII: write the host in Punycode and percent-encode the path.")]
    [InlineData("Sending:UnsubscribeMailto", "désabonner@example.com", "Development", "Sending:UnsubscribeMailto 'désabonner@example.com' must be printable ASCII.")]
    public void Start_SettingThatWouldFailEverySend_RefusedNamingIt(string key, string value, string environment, string expected)
    {
        using var server = new MassEmailServer(StoreKind.Sqlite, new Dictionary<string, string?> { [key] = value, ["environment"] = environment });

        var error = Assert.IsType<OptionsValidationException>(Innermost(Record.Exception(() => server.Services)));

        Assert.Equal(expected, Assert.Single(error.Failures));
    }

    [Fact]
    public void Start_OutsideDevelopmentWithPublicHttpsUnsubscribeUrl_Starts()
    {
        using var server = new MassEmailServer(StoreKind.Sqlite, new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Sending:UnsubscribeBaseUrl"] = "https://mail.example.com/unsubscribe",
        });

        Assert.NotNull(server.Services);
    }

    private static Exception? Innermost(Exception? e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } or { InnerException: not null } && e is not OptionsValidationException)
        {
            e = e.InnerException;
        }

        return e;
    }
}
