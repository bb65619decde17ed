using MassEmail.Ses.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MassEmail.Ses.Tests.Configuration;

public sealed class SesOptionsTests
{
    [Fact]
    public void Options_NothingConfigured_Defaults()
    {
        using var services = TestServices.Build(new Dictionary<string, string?>());

        var options = services.GetRequiredService<IOptions<SesOptions>>().Value;

        Assert.Equal("us-east-1", options.Region);
        Assert.Null(options.Endpoint);
        Assert.Null(options.ConfigurationSetName);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
    }

    [Theory]
    [InlineData("Ses:Region", "", "Ses:Region")]
    [InlineData("Ses:Region", "not a region!", "Ses:Region")]
    [InlineData("Ses:Endpoint", "ftp://127.0.0.1:8005", "Ses:Endpoint")]
    [InlineData("Ses:Endpoint", "http://127.0.0.1:8005/?x=1", "Ses:Endpoint")]
    [InlineData("Ses:ConfigurationSetName", "has spaces", "Ses:ConfigurationSetName")]
    [InlineData("Ses:Timeout", "00:00:00", "Ses:Timeout")]
    [InlineData("Ses:Timeout", "01:00:00", "Ses:Timeout")]
    [InlineData("Ses:MaxIdenticalRejections", "-1", "Ses:MaxIdenticalRejections")]
    public void ValidateOnStart_BadSetting_FailsNamingTheSetting(string key, string value, string named)
    {
        using var services = TestServices.Build(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eu-west1", "Ses:Region 'eu-west1' is not an AWS region the SDK knows, such as us-east-1 or eu-west-1 (did you mean eu-west-1?).")]
    [InlineData("us-east-7", "Ses:Region 'us-east-7' is not an AWS region the SDK knows, such as us-east-1 or eu-west-1.")]
    [InlineData("EU-WEST-1", "Ses:Region 'EU-WEST-1' is not an AWS region the SDK knows, such as us-east-1 or eu-west-1 (did you mean eu-west-1?).")]
    public void ValidateOnStart_RegionTypo_RefusedWithASuggestion(string region, string expected)
    {
        using var services = TestServices.Build(new Dictionary<string, string?> { ["Ses:Region"] = region });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(expected, Assert.Single(error.Failures));
    }

    [Fact]
    public void ValidateOnStart_GoodSettings_Passes()
    {
        using var services = TestServices.Build(new Dictionary<string, string?>
        {
            ["Ses:Region"] = "eu-west-1",
            ["Ses:Endpoint"] = "http://127.0.0.1:8005",
            ["Ses:ConfigurationSetName"] = "marketing_set-1",
            ["Ses:Timeout"] = "00:00:30",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("eu-west-1", null, "https://email.eu-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", null, "https://email.cn-north-1.amazonaws.com.cn/")]
    [InlineData("us-east-1", "http://127.0.0.1:8005", "http://127.0.0.1:8005/")]
    [InlineData("us-east-1", "https://proxy.example/ses", "https://proxy.example/ses/")]
    public void BaseAddress_RegionOrEndpoint_SesV2Host(string region, string? endpoint, string expected)
    {
        var options = new SesOptions { Region = region, Endpoint = endpoint is null ? null : new Uri(endpoint) };

        Assert.Equal(new Uri(expected), SesEndpoint.BaseAddress(options));
    }
}
