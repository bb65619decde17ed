namespace MassEmail.Pages;

/// <summary>Which unsubscribe page to show.</summary>
public enum PageKind
{
    /// <summary>The link's page: asks what to leave (GET never changes anything).</summary>
    Ask,

    /// <summary>After the form: what was applied.</summary>
    Done,

    /// <summary>A link that leads nowhere (tampered, unknown, or its record deleted): the same page for all.</summary>
    Neutral,

    /// <summary>A form that cannot be accepted (e.g. its antiforgery token is missing): nothing changed.</summary>
    Refused,
}
