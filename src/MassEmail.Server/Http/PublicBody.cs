using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace MassEmail.Server.Http;

/// <summary>A raw request body of a public route read as text, never model-bound, with its own size cap.</summary>
internal static class PublicBody
{
    /// <summary>
    /// The body as strict UTF-8 text, or the status to answer instead (413 over <paramref name="maxBytes"/>, 400 not
    /// UTF-8). The cap is set before a byte is read: Kestrel refuses a body over it as it arrives.
    /// </summary>
    public static async Task<(string? Body, int Status)> ReadTextAsync(HttpContext context, long maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }

        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return (new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length), StatusCodes.Status200OK);
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode);
        }
        catch (DecoderFallbackException)
        {
            return (null, StatusCodes.Status400BadRequest);
        }
    }
}
