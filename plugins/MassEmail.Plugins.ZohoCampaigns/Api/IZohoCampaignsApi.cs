using MassEmail.Plugins.Abstractions;
using Refit;

namespace MassEmail.Plugins.ZohoCampaigns.Api;

/// <summary>Zoho Campaigns API v1.1 (JSON answers, form-encoded bodies, JSON parameters URL-encoded by the form).</summary>
internal interface IZohoCampaignsApi
{
    [Get("/api/v1.1/getmailinglists?resfmt=JSON")]
    Task<ApiResponse<ZohoResponse>> GetMailingListsAsync(
        [Property(RequestBaseAddress.Key)] Uri baseAddress,
        [Header("Authorization")] string authorization,
        [AliasAs("sort")] string sort,
        [AliasAs("fromindex")] int fromIndex,
        [AliasAs("range")] int range,
        CancellationToken cancellationToken);

    /// <summary><c>status</c> is <c>active</c>, <c>recent</c>, <c>mostrecent</c>, <c>unsub</c> or <c>bounce</c>.</summary>
    [Get("/api/v1.1/getlistsubscribers?resfmt=JSON")]
    Task<ApiResponse<ZohoResponse>> GetListSubscribersAsync(
        [Property(RequestBaseAddress.Key)] Uri baseAddress,
        [Header("Authorization")] string authorization,
        [AliasAs("listkey")] string listKey,
        [AliasAs("status")] string status,
        [AliasAs("sort")] string sort,
        [AliasAs("fromindex")] int fromIndex,
        [AliasAs("range")] int range,
        CancellationToken cancellationToken);

    /// <summary>One contact: <c>listkey</c>, <c>contactinfo</c> (JSON keyed by field display names), <c>source</c>.</summary>
    [Post("/api/v1.1/json/listsubscribe")]
    Task<ApiResponse<ZohoResponse>> ListSubscribeAsync(
        [Property(RequestBaseAddress.Key)] Uri baseAddress,
        [Header("Authorization")] string authorization,
        [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form,
        CancellationToken cancellationToken);

    [Post("/api/v1.1/json/listunsubscribe")]
    Task<ApiResponse<ZohoResponse>> ListUnsubscribeAsync(
        [Property(RequestBaseAddress.Key)] Uri baseAddress,
        [Header("Authorization")] string authorization,
        [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form,
        CancellationToken cancellationToken);

    /// <summary>Addresses only, at most ten, comma-separated in <c>emailids</c>.</summary>
    [Post("/api/v1.1/addlistsubscribersinbulk")]
    Task<ApiResponse<ZohoResponse>> AddListSubscribersInBulkAsync(
        [Property(RequestBaseAddress.Key)] Uri baseAddress,
        [Header("Authorization")] string authorization,
        [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form,
        CancellationToken cancellationToken);
}
