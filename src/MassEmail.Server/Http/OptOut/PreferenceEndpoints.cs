using MassEmail.Core.OptOut;
using MassEmail.Pages;
using Microsoft.AspNetCore.Antiforgery;

namespace MassEmail.Server.Http.OptOut;

/// <summary>
/// The preference page at <c>…/{token}/preferences</c>: GET lists the recipient's lists and changes nothing; its form
/// (antiforgery token) posts back to the same address and leaves or re-joins lists. Re-joining after "no more email"
/// needs the page's explicit confirmation box; an address suppressed for a spam complaint can only leave lists.
/// </summary>
internal static class PreferenceEndpoints
{
    // The page is at …/{token}/preferences, so the form posts to its own last segment.
    private const string Self = "preferences";

    public static async Task<IResult> ShowAsync(string token, HttpContext context, OptOutService optOut, IAntiforgery antiforgery, UnsubscribePages pages)
    {
        var text = PageLanguage.Of(context.Request);
        return await optOut.PreferencesAsync(token, context.RequestAborted) is { } preferences
            ? await RenderAsync(pages, Page(preferences, text, antiforgery.GetAndStoreTokens(context)))
            : await OptOutEndpoints.PageAsync(pages, new UnsubscribePage { Kind = PageKind.Neutral, Text = text });
    }

    public static async Task<IResult> SaveAsync(string token, HttpContext context, OptOutService optOut, IAntiforgery antiforgery, UnsubscribePages pages)
    {
        var text = PageLanguage.Of(context.Request);
        var (form, status) = await PublicForm.ReadAsync(context);
        if (form is null)
        {
            return Results.StatusCode(status);
        }

        if (!await antiforgery.IsRequestValidAsync(context) || form["resume"].Any(v => v != "yes") || form["resume"].Count > 1)
        {
            return await OptOutEndpoints.PageAsync(pages, new UnsubscribePage { Kind = PageKind.Refused, Text = text }, StatusCodes.Status400BadRequest);
        }

        var chosen = form["list"].OfType<string>().ToHashSet(StringComparer.Ordinal);
        var outcome = await optOut.SavePreferencesAsync(token, chosen, form["resume"].Count == 1, context.RequestAborted);
        if (outcome == PreferencesOutcome.NotFound || await optOut.PreferencesAsync(token, context.RequestAborted) is not { } preferences)
        {
            return await OptOutEndpoints.PageAsync(pages, new UnsubscribePage { Kind = PageKind.Neutral, Text = text });
        }

        var org = preferences.Subject.Org.Name;
        var page = Page(preferences, text, antiforgery.GetAndStoreTokens(context));
        return await RenderAsync(pages, outcome switch
        {
            PreferencesOutcome.Saved => page with { Status = text.Preferences.Saved },
            PreferencesOutcome.ConfirmationNeeded => page with { Alert = string.Format(text.Preferences.ConfirmationNeeded, org) },
            _ => page with { Alert = string.Format(text.Preferences.ComplaintLocked, org) },
        });
    }

    private static PreferencesPage Page(Preferences preferences, PageText text, AntiforgeryTokenSet tokens) => new()
    {
        Text = text,
        OrgName = preferences.Subject.Org.Name,
        PostalAddress = OptOutEndpoints.AddressLines(preferences.Subject),
        Lists = [.. preferences.Lists.Select(l => new PreferenceItem(l.List.Id, l.List.Name, l.Subscribed, l.Subscribed || preferences.CanRejoin))],
        OptedOut = preferences.OptedOut,
        ComplaintSuppressed = preferences.ComplaintSuppressed,
        FormAction = Self,
        AntiforgeryField = tokens.FormFieldName,
        AntiforgeryToken = tokens.RequestToken ?? "",
    };

    private static async Task<IResult> RenderAsync(UnsubscribePages pages, PreferencesPage page) =>
        Results.Content(await pages.RenderAsync(page), "text/html; charset=utf-8");
}
