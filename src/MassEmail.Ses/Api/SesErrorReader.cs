using System.Net.Http.Headers;
using System.Text.Json;

namespace MassEmail.Ses.Api;

/// <summary>
/// Reads the AWS error code and message of a failed call. AWS REST-JSON services name the error in
/// the <c>x-amzn-ErrorType</c> header and/or the body (<c>__type</c>, <c>code</c>); either may carry a
/// namespace prefix (<c>aws.sesv2#</c>) or a URL suffix (<c>:http://internal.amazon.com/...</c>). The request id
/// comes from <c>x-amzn-RequestId</c> (<c>x-amz-request-id</c> on some front ends).
/// </summary>
internal static class SesErrorReader
{
    private const string ErrorTypeHeader = "x-amzn-ErrorType";
    private static readonly string[] RequestIdHeaders = ["x-amzn-RequestId", "x-amz-request-id"];

    public static SesApiError Read(int httpStatus, HttpResponseHeaders headers, byte[] body)
    {
        var headerType = headers.TryGetValues(ErrorTypeHeader, out var values) ? values.FirstOrDefault() : null;
        var (bodyType, message) = ReadBody(body);
        var requestId = RequestIdHeaders.Select(h => headers.TryGetValues(h, out var ids) ? ids.FirstOrDefault() : null).FirstOrDefault(id => id is not null);
        return new SesApiError(httpStatus, Normalize(headerType) ?? Normalize(bodyType), message, requestId);
    }

    /// <summary>Strips the namespace and URL decorations: <c>ns#Code:http://...</c> → <c>Code</c>.</summary>
    internal static string? Normalize(string? errorType)
    {
        if (string.IsNullOrWhiteSpace(errorType))
        {
            return null;
        }

        var code = errorType.AsSpan().Trim();
        var colon = code.IndexOf(':');
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        code = code.Trim();
        return code.IsEmpty ? null : code.ToString();
    }

    private static (string? Type, string? Message) ReadBody(byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var root = document.RootElement;
            // "type" is what the local emulator uses; AWS uses "__type" or "code".
            var type = GetString(root, "__type") ?? GetString(root, "code") ?? GetString(root, "Code") ?? GetString(root, "type");
            var message = GetString(root, "message") ?? GetString(root, "Message");
            return (type, message);
        }
        catch (JsonException)
        {
            // An HTML error page from a proxy or load balancer: the status code has to do.
            return (null, null);
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
