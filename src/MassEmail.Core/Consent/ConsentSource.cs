namespace MassEmail.Core.Consent;

/// <summary>Where a consent change came from, as recorded in the record's history.</summary>
public static class ConsentSource
{
    /// <summary>The form of the page the unsubscribe link opens.</summary>
    public const string Link = "link";

    /// <summary>An RFC 8058 one-click POST by the recipient's mail provider.</summary>
    public const string OneClick = "one-click";

    /// <summary>The preference page.</summary>
    public const string PreferencePage = "preference-page";

    /// <summary>A call of the gRPC API.</summary>
    public const string Api = "api";

    /// <summary>A plugin (a campaign tool's sync).</summary>
    public const string Plugin = "plugin";

    /// <summary>A permanent bounce reported by the provider.</summary>
    public const string Bounce = "bounce";

    /// <summary>A spam complaint reported by the provider.</summary>
    public const string Complaint = "complaint";
}
