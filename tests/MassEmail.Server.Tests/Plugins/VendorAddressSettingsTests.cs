using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// The vendor base-address settings exist for tests: anything but a loopback address is refused at start-up, so no
/// configuration can send a connection's credentials to another host.
/// </summary>
public sealed class VendorAddressSettingsTests
{
    [Theory]
    [InlineData("Plugins:ZohoCampaigns:AccountsBaseUrl", "https://accounts.zoho.example/")]
    [InlineData("Plugins:ZohoCampaigns:CampaignsBaseUrl", "http://10.0.0.8:8080/")]
    [InlineData("Plugins:Mailchimp:BaseUrl", "https://us6.api.mailchimp.com/")]
    public void NonLoopbackVendorAddress_RefusedAtStartUp_NamingTheSetting(string setting, string address)
    {
        using var server = new MassEmailServer(StoreKind.Sqlite, new Dictionary<string, string?> { [setting] = address });

        var e = Assert.ThrowsAny<Exception>(() => server.Services);

        var validation = Assert.IsType<OptionsValidationException>(e is AggregateException a ? a.InnerExceptions.Single() : e);
        Assert.Contains(setting.Split(':')[^1], validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoopbackVendorAddresses_Accepted()
    {
        using var server = new MassEmailServer(StoreKind.Sqlite, new Dictionary<string, string?>
        {
            ["Plugins:ZohoCampaigns:AccountsBaseUrl"] = "http://127.0.0.1:9/",
            ["Plugins:Mailchimp:BaseUrl"] = "http://[::1]:9/",
        });

        Assert.NotNull(server.Services);
    }
}
