using MassEmail.Plugins.ZohoCampaigns.Api;

namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>One Zoho call's result once the body is classified: a code (success or a contact's error), or "later".</summary>
internal sealed record ZohoAnswer(int Code, string Detail, ZohoResponse? Body, DateTimeOffset? RetryAt)
{
    public bool IsLater => RetryAt is not null;

    public bool IsSuccess => !IsLater && ZohoCodes.IsSuccess(Code);

    public static ZohoAnswer Later(DateTimeOffset at, string detail) => new(-1, detail, null, at);
}
