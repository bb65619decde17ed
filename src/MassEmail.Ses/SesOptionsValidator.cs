using System.Text.RegularExpressions;
using Amazon;
using MassEmail.Core.Errors;
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

        if (!IsKnownRegion(options.Region))
        {
            failures.Add($"{SesOptions.SectionName}:Region '{InputText.Quote(options.Region)}' is not an AWS region the SDK knows, such as us-east-1 or eu-west-1{Suggestion(options.Region)}.");
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

        if (options.MaxIdenticalRejections is < 0 or > 10_000)
        {
            failures.Add($"{SesOptions.SectionName}:MaxIdenticalRejections must be between 0 (off) and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The SDK turns any well-formed name into an endpoint, so "eu-west1" would only fail on the first send (a DNS
    // error per message). A region newer than the SDK needs an SDK update, which is the lesser evil.
    private static bool IsKnownRegion(string? region) =>
        !string.IsNullOrWhiteSpace(region) && RegionEndpoint.EnumerableAllRegions.Any(r => r.SystemName == region);

    // "eu-west1" → "eu-west-1": the known regions that differ from it only in '-' and case.
    private static string Suggestion(string? region)
    {
        var bare = Bare(region ?? "");
        var close = RegionEndpoint.EnumerableAllRegions.FirstOrDefault(r => Bare(r.SystemName) == bare);
        return close is null ? "" : $" (did you mean {close.SystemName}?)";

        static string Bare(string name) => name.Replace("-", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
    }

    private static bool IsEndpoint(Uri endpoint) =>
        endpoint.IsAbsoluteUri
        && (endpoint.Scheme == Uri.UriSchemeHttp || endpoint.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(endpoint.Query)
        && string.IsNullOrEmpty(endpoint.Fragment);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ConfigurationSetPattern();
}
