using MassEmail.Core.OptOut;
using MassEmail.Core.Sending;

namespace MassEmail.Server.Http.OptOut;

/// <summary>
/// The recipients' opt-out routes on the public endpoint, at the link in every message:
/// GET shows the page and never changes anything (mail scanners open links); POST with
/// <c>List-Unsubscribe=One-Click</c> is RFC 8058's one-click unsubscribe: no cookies, no antiforgery (the signed token
/// is the authority), applied at once, 200, never a redirect.
/// </summary>
public static class OptOutEndpoints
{
    private const string Link = $"/{UnsubscribeLinks.PathSegment}/{{token}}";

    public static IEndpointRouteBuilder MapOptOutEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapPublicGroup();
        group.MapGet(Link, (string token) =>
            Results.Content("<!DOCTYPE html><html lang=\"en\"><title>Unsubscribe</title><p>Unsubscribe</p></html>", "text/html; charset=utf-8"));
        group.MapPost(Link, OneClickAsync);
        return endpoints;
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
}
