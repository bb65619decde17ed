namespace MassEmail.Pages;

/// <summary>The words of the unsubscribe page in one language. Templates format <c>{0}</c> with the organisation or list name.</summary>
public sealed record PageText(
    string Lang,
    string Title,
    string Intro,
    string Legend,
    string LeaveList,
    string AllMail,
    string Submit,
    string DoneList,
    string DoneAll,
    string Neutral,
    string Refused,
    string SentBy)
{
    /// <summary>The preference page's words in the same language.</summary>
    public PreferenceText Preferences { get; init; } = PreferenceText.English;

    public static readonly PageText English = new(
        "en",
        "Email preferences",
        "You received this email from {0}.",
        "What would you like to stop?",
        "Leave the list \u201c{0}\u201d",
        "No more email from {0}",
        "Unsubscribe",
        "Done: you have left the list \u201c{0}\u201d.",
        "Done: you will get no more email from {0}.",
        "If this address was on a list it is handled by this link no longer. If you keep receiving email, reply to its sender.",
        "This form could not be accepted and nothing was changed. Please open the link from the email again.",
        "Sent by")
    {
        Preferences = PreferenceText.English,
    };

    public static readonly PageText Polish = new(
        "pl",
        "Ustawienia poczty",
        "Otrzymano tę wiadomość od {0}.",
        "Z czego chcesz zrezygnować?",
        "Opuść listę \u201e{0}\u201d",
        "Żadnych więcej wiadomości od {0}",
        "Wypisz mnie",
        "Gotowe: opuszczono listę \u201e{0}\u201d.",
        "Gotowe: nie otrzymasz więcej wiadomości od {0}.",
        "Ten link nie obsługuje już żadnej listy. Jeśli nadal otrzymujesz wiadomości, odpowiedz ich nadawcy.",
        "Nie można przyjąć tego formularza i nic nie zostało zmienione. Otwórz ponownie link z wiadomości.",
        "Nadawca")
    {
        Preferences = PreferenceText.Polish,
    };

    /// <summary>
    /// The language the reader asked for first among those the page has, from the Accept-Language tags ordered by
    /// preference (<c>pl-PL</c> matches <c>pl</c>); English when none matches.
    /// </summary>
    public static PageText For(IEnumerable<string> languagesByPreference)
    {
        foreach (var tag in languagesByPreference)
        {
            var primary = tag.Split('-')[0];
            if (primary.Equals("pl", StringComparison.OrdinalIgnoreCase))
            {
                return Polish;
            }

            if (primary.Equals("en", StringComparison.OrdinalIgnoreCase))
            {
                return English;
            }
        }

        return English;
    }
}
