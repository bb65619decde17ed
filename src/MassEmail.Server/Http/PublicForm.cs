using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace MassEmail.Server.Http;

/// <summary>
/// Reads the small forms posted to the public endpoint (RFC 8058 one-click bodies and the pages' forms), as
/// <c>application/x-www-form-urlencoded</c> or <c>multipart/form-data</c>, with limits far below the framework's: a few
/// short fields, no files. Anything else is the client's error (4xx), never the server's.
/// </summary>
internal static class PublicForm
{
    private static readonly HashSet<string> AcceptedCharsets = new(["utf-8", "us-ascii"], StringComparer.OrdinalIgnoreCase);

    private static readonly FormOptions Limits = new()
    {
        ValueCountLimit = 64,
        KeyLengthLimit = 64,
        ValueLengthLimit = 1024,
        MultipartBoundaryLengthLimit = 128,
        MultipartHeadersCountLimit = 8,
        MultipartHeadersLengthLimit = 1024,
        MultipartBodyLengthLimit = PublicEndpoint.MaxRequestBodyBytes,
        BufferBodyLengthLimit = PublicEndpoint.MaxRequestBodyBytes,
        MemoryBufferThreshold = (int)PublicEndpoint.MaxRequestBodyBytes,
    };

    /// <summary>The form, or the status code to answer instead (415 not a form, 413 too large, 400 malformed).</summary>
    public static async Task<(IFormCollection? Form, int Status)> ReadAsync(HttpContext context)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !(type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                 || type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, StatusCodes.Status415UnsupportedMediaType);
        }

        // The forms are ASCII (RFC 8058's body is exactly List-Unsubscribe=One-Click). A charset the framework does not
        // know would be read as UTF-8 regardless, and one it does (UTF-16) is no mail provider's: refused, not guessed.
        if (type.Charset.HasValue && !AcceptedCharsets.Contains(type.Charset.Value.Trim('"')))
        {
            return (null, StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            context.Features.Set<IFormFeature>(new FormFeature(context.Request, Limits));
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            return form.Files.Count > 0 ? (null, StatusCodes.Status400BadRequest) : (form, StatusCodes.Status200OK);
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode);
        }
        // A truncated multipart body ends in IOException ("Unexpected end of Stream"): the client's fault, like the others.
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or DecoderFallbackException or IOException)
        {
            return (null, StatusCodes.Status400BadRequest);
        }
    }
}
