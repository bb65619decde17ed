using MassEmail.Core.OptOut;
using MassEmail.Core.Sending;
using MassEmail.Pages;
using Microsoft.AspNetCore.Antiforgery;

namespace MassEmail.Server.Http.OptOut;

/// <summary>
/// The recipients' opt-out routes on the public endpoint, at the link in every message:
/// GET shows the page and never changes anything (mail scanners open links); the page's form posts to
/// <c>…/confirm</c> with an antiforgery token; POST to the link itself with <c>List-Unsubscribe=One-Click</c> is
/// RFC 8058's one-click: no cookies, no antiforgery (the signed token is the authority), applied at once, 200, never a
/// redirect. A link that leads nowhere gets the same neutral page or answer whatever the reason.
/// </summary>
public static class OptOutEndpoints
{
    private const string Link = $"/{UnsubscribeLinks.PathSegment}/{{token}}";
    private const string Confirm = "confirm";
    private const string PreferencesPath = "preferences";

    public static IEndpointRouteBuilder MapOptOutEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapPublicGroup();
        group.MapGet(Link, AskAsync);
        group.MapPost(Link, OneClickAsync);
        group.MapPost($"{Link}/{Confirm}", ConfirmAsync);
        group.MapGet($"{Link}/{PreferencesPath}", PreferenceEndpoints.ShowAsync);
        group.MapPost($"{Link}/{PreferencesPath}", PreferenceEndpoints.SaveAsync);
        return endpoints;
    }

    private static async Task<IResult> AskAsync(string token, HttpContext context, OptOutService optOut, IAntiforgery antiforgery, UnsubscribePages pages)
    {
        var text = PageLanguage.Of(context.Request);
        if (await optOut.FindAsync(token, context.RequestAborted) is not { } subject)
        {
            return await PageAsync(pages, new UnsubscribePage { Kind = PageKind.Neutral, Text = text });
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        return await PageAsync(pages, new UnsubscribePage
        {
            Kind = PageKind.Ask,
            Text = text,
            OrgName = subject.Org.Name,
            PostalAddress = AddressLines(subject),
            ListName = subject.LeftList ? null : subject.List?.Name,
            // Relative to the link, so that it works under whatever path the proxy serves the base URL.
            FormAction = $"{Uri.EscapeDataString(token)}/{Confirm}",
            PreferencesLink = $"{Uri.EscapeDataString(token)}/{PreferencesPath}",
            AntiforgeryField = tokens.FormFieldName,
            AntiforgeryToken = tokens.RequestToken ?? "",
        });
    }

    private static async Task<IResult> ConfirmAsync(string token, HttpContext context, OptOutService optOut, IAntiforgery antiforgery, UnsubscribePages pages)
    {
        var text = PageLanguage.Of(context.Request);
        var (form, status) = await PublicForm.ReadAsync(context);
        if (form is null)
        {
            return Results.StatusCode(status);
        }

        if (!await antiforgery.IsRequestValidAsync(context)
            || form["choice"] is not { Count: 1 } choice || choice[0] is not ("list" or "all"))
        {
            return await PageAsync(pages, new UnsubscribePage { Kind = PageKind.Refused, Text = text }, StatusCodes.Status400BadRequest);
        }

        if (await optOut.FindAsync(token, context.RequestAborted) is not { } subject)
        {
            return await PageAsync(pages, new UnsubscribePage { Kind = PageKind.Neutral, Text = text });
        }

        var allMail = choice[0] == "all" || subject.List is null;
        await optOut.ApplyAsync(token, allMail ? OptOutChoice.AllMail : OptOutChoice.LeaveList, OptOutSource.Link, context.RequestAborted);
        return await PageAsync(pages, new UnsubscribePage
        {
            Kind = PageKind.Done,
            Text = text,
            OrgName = subject.Org.Name,
            PostalAddress = AddressLines(subject),
            ListName = subject.List?.Name,
            DoneAllMail = allMail,
            // The page is at …/{token}/confirm: a sibling path.
            PreferencesLink = PreferencesPath,
        });
    }

    /// <summary>
    /// The same answer whether the token led anywhere or not, so that it tells nobody whether the record exists; a
    /// body that is not the one-click form is refused with 4xx and changes nothing.
    /// </summary>
    private static async Task<IResult> OneClickAsync(string token, HttpContext context, OptOutService optOut)
    {
        var (form, status) = await PublicForm.ReadAsync(context);
        if (form is null)
        {
            return Results.StatusCode(status);
        }

        if (form["List-Unsubscribe"] is not { Count: 1 } value || value[0] != "One-Click")
        {
            return Results.Text("Expected the body List-Unsubscribe=One-Click (RFC 8058).", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        await optOut.ApplyAsync(token, OptOutChoice.LeaveList, OptOutSource.OneClick, context.RequestAborted);
        return Results.Text("Unsubscribed.", "text/plain");
    }

    internal static async Task<IResult> PageAsync(UnsubscribePages pages, UnsubscribePage page, int status = StatusCodes.Status200OK) =>
        Results.Content(await pages.RenderAsync(page), "text/html; charset=utf-8", statusCode: status);

    internal static string[] AddressLines(OptOutSubject subject)
    {
        var a = subject.Org.PostalAddress;
        return [.. new[] { a.Street, $"{a.PostalCode} {a.City}".Trim(), a.Region, a.Country }.Where(l => l.Length > 0)];
    }
}
