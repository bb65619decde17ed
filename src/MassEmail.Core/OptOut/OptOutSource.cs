namespace MassEmail.Core.OptOut;

/// <summary>Where an opt-out or a list (un)subscription came from, as recorded with the change.</summary>
public static class OptOutSource
{
    /// <summary>An RFC 8058 one-click POST by the recipient's mail provider.</summary>
    public const string OneClick = Consent.ConsentSource.OneClick;

    /// <summary>The form of the page the link opens.</summary>
    public const string Link = Consent.ConsentSource.Link;

    /// <summary>The preference page the link's page leads to.</summary>
    public const string PreferencePage = Consent.ConsentSource.PreferencePage;
}
