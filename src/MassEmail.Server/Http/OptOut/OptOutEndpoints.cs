using MassEmail.Core.Sending;

namespace MassEmail.Server.Http.OptOut;

/// <summary>The recipients' opt-out routes on the public endpoint.</summary>
public static class OptOutEndpoints
{
    public static IEndpointRouteBuilder MapOptOutEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapPublicGroup();
        group.MapGet($"/{UnsubscribeLinks.PathSegment}/{{token}}", (string token) =>
            Results.Content("<!DOCTYPE html><html lang=\"en\"><title>Unsubscribe</title><p>Unsubscribe</p></html>", "text/html; charset=utf-8"));
        return endpoints;
    }
}
