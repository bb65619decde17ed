using Amazon;

namespace MassEmail.Ses;

/// <summary>Where SES requests go: the configured endpoint, or the region's public SES v2 endpoint.</summary>
internal static class SesEndpoint
{
    public static Uri BaseAddress(SesOptions options)
    {
        if (options.Endpoint is { } endpoint)
        {
            // Request paths are relative, so a base path (e.g. behind a proxy) must end with '/'.
            var text = endpoint.AbsoluteUri;
            return new Uri(text.EndsWith('/') ? text : text + "/");
        }

        var region = RegionEndpoint.GetBySystemName(options.Region);
        // The partition's suffix keeps China (amazonaws.com.cn) and other partitions right.
        return new Uri($"https://email.{region.SystemName}.{region.PartitionDnsSuffix}/");
    }
}
