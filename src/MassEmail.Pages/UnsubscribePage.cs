namespace MassEmail.Pages;

/// <summary>The model of the unsubscribe page (public: the template compiled at run time reads it).</summary>
public sealed class UnsubscribePage
{
    public required PageKind Kind { get; init; }

    public required PageText Text { get; init; }

    public string OrgName { get; init; } = "";

    /// <summary>The organisation's postal address, one line per part that is set.</summary>
    public IReadOnlyList<string> PostalAddress { get; init; } = [];

    /// <summary>The list the mail went to, when it still exists and the recipient has not left it.</summary>
    public string? ListName { get; init; }

    /// <summary>Where the form posts (a relative URL).</summary>
    public string FormAction { get; init; } = "";

    /// <summary>The link to the preference page (a relative URL).</summary>
    public string PreferencesLink { get; init; } = "";

    public string AntiforgeryField { get; init; } = "";

    public string AntiforgeryToken { get; init; } = "";

    /// <summary>On <see cref="PageKind.Done"/>: true when all mail was stopped, false when one list was left.</summary>
    public bool DoneAllMail { get; init; }
}
