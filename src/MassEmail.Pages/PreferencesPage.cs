namespace MassEmail.Pages;

/// <summary>The model of the preference page (public: the template compiled at run time reads it).</summary>
public sealed record PreferencesPage
{
    public required PageText Text { get; init; }

    public required string OrgName { get; init; }

    /// <summary>The organisation's postal address, one line per part that is set.</summary>
    public IReadOnlyList<string> PostalAddress { get; init; } = [];

    public IReadOnlyList<PreferenceItem> Lists { get; init; } = [];

    /// <summary>The recipient opted out of all mail: re-joining needs the confirmation box.</summary>
    public bool OptedOut { get; init; }

    /// <summary>The address is suppressed for a spam complaint: lists can be left, not re-joined.</summary>
    public bool ComplaintSuppressed { get; init; }

    /// <summary>Where the form posts (a relative URL).</summary>
    public string FormAction { get; init; } = "";

    public string AntiforgeryField { get; init; } = "";

    public string AntiforgeryToken { get; init; } = "";

    /// <summary>A confirmation shown after saving (role status), or null.</summary>
    public string? Status { get; init; }

    /// <summary>Why the choice was not applied (role alert), or null.</summary>
    public string? Alert { get; init; }
}

/// <summary>One list on the preference page; <see cref="Enabled"/> false when the page may not re-join it.</summary>
public sealed record PreferenceItem(string Id, string Name, bool Subscribed, bool Enabled);
