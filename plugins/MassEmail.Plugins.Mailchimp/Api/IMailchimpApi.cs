using MassEmail.Plugins.Abstractions;
using Refit;

namespace MassEmail.Plugins.Mailchimp.Api;

/// <summary>Mailchimp Marketing API v3, authenticated with HTTP Basic (any user name, the API key as password).</summary>
internal interface IMailchimpApi
{
    [Get("/3.0/lists")]
    Task<ApiResponse<MailchimpListsResponse>> GetListsAsync(
        [Property(RequestBaseAddress.Key)] Uri baseAddress,
        [Header("Authorization")] string authorization,
        [AliasAs("count")] int count,
        [AliasAs("offset")] int offset,
        CancellationToken cancellationToken);

    /// <summary>Batch subscribe or update: at most 500 members.</summary>
    [Post("/3.0/lists/{listId}")]
    Task<ApiResponse<MailchimpBatchResponse>> BatchAsync(
        [Property(RequestBaseAddress.Key)] Uri baseAddress,
        [Header("Authorization")] string authorization,
        string listId,
        [Body] MailchimpBatchRequest body,
        CancellationToken cancellationToken);

    /// <summary>Archives the member (204; 404 when it is not on the list): it leaves the audience and may be added again.</summary>
    [Delete("/3.0/lists/{listId}/members/{subscriberHash}")]
    Task<IApiResponse> ArchiveMemberAsync(
        [Property(RequestBaseAddress.Key)] Uri baseAddress,
        [Header("Authorization")] string authorization,
        string listId,
        string subscriberHash,
        CancellationToken cancellationToken);

    [Get("/3.0/lists/{listId}/members")]
    Task<ApiResponse<MailchimpMembersResponse>> GetMembersAsync(
        [Property(RequestBaseAddress.Key)] Uri baseAddress,
        [Header("Authorization")] string authorization,
        string listId,
        [AliasAs("status")] string status,
        [AliasAs("since_last_changed")] string? sinceLastChanged,
        [AliasAs("count")] int count,
        [AliasAs("offset")] int offset,
        CancellationToken cancellationToken);
}
