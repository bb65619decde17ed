using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Options;

namespace MassEmail.Ses;

/// <summary>Rejects settings that would only fail later, on the first send of a mass send.</summary>
internal sealed partial class SesOptionsValidator : IValidateOptions<SesOptions>
{
    internal static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, SesOptions options)
    {
        var failures = new List<string>();

        if (!IsRegion(options.Region))
        {
            failures.Add($"{SesOptions.SectionName}:Region must be an AWS region name such as us-east-1.");
        }

        if (options.Endpoint is { } endpoint && !IsEndpoint(endpoint))
        {
            failures.Add($"{SesOptions.SectionName}:Endpoint must be an absolute http:// or https:// URL without query or fragment.");
        }

        if (!string.IsNullOrEmpty(options.ConfigurationSetName) && !ConfigurationSetPattern().IsMatch(options.ConfigurationSetName))
        {
            failures.Add($"{SesOptions.SectionName}:ConfigurationSetName may contain only letters, digits, '_' and '-', at most 64 characters.");
        }

        if (options.Timeout < MinTimeout || options.Timeout > MaxTimeout)
        {
            failures.Add($"{SesOptions.SectionName}:Timeout must be between {MinTimeout} and {MaxTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsRegion(string? region)
    {
        if (string.IsNullOrWhiteSpace(region))
        {
            return false;
        }

        try
        {
            // Unknown but well-formed names are accepted: new regions work without an SDK update.
            _ = RegionEndpoint.GetBySystemName(region);
            return true;
        }
        catch (AmazonClientException)
        {
            return false;
        }
    }

    private static bool IsEndpoint(Uri endpoint) =>
        endpoint.IsAbsoluteUri
        && (endpoint.Scheme == Uri.UriSchemeHttp || endpoint.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(endpoint.Query)
        && string.IsNullOrEmpty(endpoint.Fragment);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ConfigurationSetPattern();
}
