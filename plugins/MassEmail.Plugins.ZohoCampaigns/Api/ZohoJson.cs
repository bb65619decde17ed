using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace MassEmail.Plugins.ZohoCampaigns.Api;

/// <summary>How Zoho's JSON is read: numbers may come as strings, names in either case.</summary>
internal static class ZohoJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static RefitSettings Settings() => new(new SystemTextJsonContentSerializer(Options));
}
