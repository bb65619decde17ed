using MassEmail.Plugins.ZohoCampaigns;

namespace MassEmail.Plugins.Tests.Zoho;

public sealed class ZohoDataCentresTests
{
    [Theory]
    [InlineData("com", "https://accounts.zoho.com/", "https://campaigns.zoho.com/")]
    [InlineData("eu", "https://accounts.zoho.eu/", "https://campaigns.zoho.eu/")]
    [InlineData("in", "https://accounts.zoho.in/", "https://campaigns.zoho.in/")]
    [InlineData("com.au", "https://accounts.zoho.com.au/", "https://campaigns.zoho.com.au/")]
    [InlineData("jp", "https://accounts.zoho.jp/", "https://campaigns.zoho.jp/")]
    [InlineData("com.cn", "https://accounts.zoho.com.cn/", "https://campaigns.zoho.com.cn/")]
    [InlineData("ca", "https://accounts.zohocloud.ca/", "https://campaigns.zohocloud.ca/")]
    [InlineData("sa", "https://accounts.zoho.sa/", "https://campaigns.zoho.sa/")]
    public void Hosts_EachDataCentre_ItsOwnAccountsAndCampaignsHosts(string dataCentre, string accounts, string campaigns)
    {
        Assert.Equal(new Uri(accounts), ZohoDataCentres.Accounts(dataCentre));
        Assert.Equal(new Uri(campaigns), ZohoDataCentres.Campaigns(dataCentre));
    }

    [Theory]
    [InlineData("ca.com")]
    [InlineData("")]
    [InlineData("evil.example")]
    public void Hosts_UnknownDataCentre_Refused(string dataCentre)
    {
        Assert.False(ZohoDataCentres.IsKnown(dataCentre));
        Assert.Throws<ArgumentException>(() => ZohoDataCentres.Accounts(dataCentre));
    }
}
