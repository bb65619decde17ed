namespace MassEmail.Plugins.ZohoCampaigns;

/// <summary>
/// Codes Zoho Campaigns puts in the body. Errors arrive as HTTP 200 with one of these, never with a Retry-After, so the
/// body decides what happened.
/// </summary>
public static class ZohoCodes
{
    public const int Success = 0;
    public const int Unauthorised = 1007;
    public const int InvalidJson = 2001;
    public const int AlreadyInList = 2003;
    public const int InvalidEmail = 2004;
    public const int GroupAddress = 2005;
    public const int RetryLater = 2101;
    public const int ContactLimit = 2302;
    public const int BadListKey = 2501;
    public const int MissingField = 903;

    /// <summary>Success codes: Zoho answers 0, some calls 200.</summary>
    public static bool IsSuccess(int code) => code is Success or 200;
}
