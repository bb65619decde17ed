namespace MassEmail.Pages;

/// <summary>The words of the preference page in one language. Templates format <c>{0}</c> with the organisation name.</summary>
public sealed record PreferenceText(
    string Link,
    string Intro,
    string Legend,
    string NoLists,
    string OptedOut,
    string Resume,
    string Complaint,
    string Save,
    string Saved,
    string ConfirmationNeeded,
    string ComplaintLocked)
{
    public static readonly PreferenceText English = new(
        "Choose which lists you get",
        "These are the lists of {0} you are on or have left. Tick the lists you want to get.",
        "Your lists",
        "You are on none of the lists of {0}.",
        "You asked for no more email from {0}. To get the lists you tick, confirm below that you want email from {0} again.",
        "Yes, I want email from {0} again",
        "This address reported email from {0} as spam, so it gets none. This page cannot change that: if it was a mistake, write to the sender.",
        "Save my choices",
        "Saved: your choices apply from now on.",
        "Nothing was changed: to re-join a list, also tick \u201cYes, I want email from {0} again\u201d.",
        "Nothing was changed: this address reported email from {0} as spam, and this page cannot undo that.");

    public static readonly PreferenceText Polish = new(
        "Wybierz listy, które chcesz otrzymywać",
        "To listy {0}, na których jesteś lub które opuszczono. Zaznacz listy, które chcesz otrzymywać.",
        "Twoje listy",
        "Nie ma Cię na żadnej liście {0}.",
        "Poproszono o brak dalszych wiadomości od {0}. Aby otrzymywać zaznaczone listy, potwierdź poniżej, że znów chcesz wiadomości od {0}.",
        "Tak, znów chcę otrzymywać wiadomości od {0}",
        "Ten adres zgłosił wiadomości od {0} jako spam, więc nie otrzymuje żadnych. Ta strona nie może tego zmienić: jeśli to pomyłka, napisz do nadawcy.",
        "Zapisz moje wybory",
        "Zapisano: Twoje wybory obowiązują od teraz.",
        "Nic nie zostało zmienione: aby ponownie dołączyć do listy, zaznacz też \u201eTak, znów chcę otrzymywać wiadomości od {0}\u201d.",
        "Nic nie zostało zmienione: ten adres zgłosił wiadomości od {0} jako spam, a ta strona nie może tego cofnąć.");
}
