using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MassEmail.Ses.Api.Model;
using MassEmail.Ses.Credentials;

namespace MassEmail.Ses.Api;

/// <summary>
/// A small typed client for the SES v2 operations the service needs. The <see cref="HttpClient"/>
/// comes from IHttpClientFactory with the SigV4 signing handler, base address and timeout set up by
/// <c>AddSesTransport</c>. It never retries: one call is one attempt, so a lost answer is never re-sent.
/// Credentials are resolved before anything is built or sent: a <see cref="SesCredentialsException"/> means
/// nothing left this process. No other exception than that, <see cref="SesNoResponseException"/> and the caller's
/// own cancellation leaves it.
/// </summary>
internal sealed class SesApiClient(HttpClient http, SesCredentials credentials)
{
    private const string SendEmailPath = "v2/email/outbound-emails";
    private const string AccountPath = "v2/email/account";
    private const string SuppressionPath = "v2/email/suppression/addresses";
    private const string ContentSha256Header = "x-amz-content-sha256";

    public async Task<SesApiResponse<SendEmailResponse>> SendEmailAsync(SendEmailRequest request, CancellationToken ct)
    {
        var (message, body) = JsonRequest(HttpMethod.Post, SendEmailPath, JsonSerializer.SerializeToUtf8Bytes(request, SesJsonContext.Default.SendEmailRequest));
        using (message)
        {
            return await CallAsync("SendEmail", message, body, SesJsonContext.Default.SendEmailResponse, ct);
        }
    }

    public async Task<SesApiResponse<GetAccountResponse>> GetAccountAsync(CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, AccountPath);
        var response = await CallAsync("GetAccount", message, null, SesJsonContext.Default.GetAccountResponse, ct);
        if (response.IsSuccess && response.Value.SendQuota is { } quota)
        {
            SesTelemetry.Quota(quota);
        }

        return response;
    }

    public async Task<SesApiResponse<SesEmptyResponse>> PutSuppressedDestinationAsync(PutSuppressedDestinationRequest request, CancellationToken ct)
    {
        var (message, body) = JsonRequest(
            HttpMethod.Put, SuppressionPath, JsonSerializer.SerializeToUtf8Bytes(request, SesJsonContext.Default.PutSuppressedDestinationRequest));
        using (message)
        {
            return await CallAsync("PutSuppressedDestination", message, body, SesJsonContext.Default.SesEmptyResponse, ct);
        }
    }

    private static (HttpRequestMessage Message, TrackedJsonContent Body) JsonRequest(HttpMethod method, string path, byte[] json)
    {
        var body = new TrackedJsonContent(json);
        var message = new HttpRequestMessage(method, path) { Content = body };
        // With the payload hash supplied, the signer signs it as is instead of buffering and replacing
        // the body, so the body that reaches the socket is still ours and can report WriteStarted.
        message.Headers.TryAddWithoutValidation(ContentSha256Header, Convert.ToHexStringLower(SHA256.HashData(json)));
        return (message, body);
    }

    /// <summary>One call, measured: its duration and, unless SES answered success, the error type.</summary>
    private async Task<SesApiResponse<T>> CallAsync<T>(
        string operation, HttpRequestMessage request, TrackedJsonContent? body, JsonTypeInfo<T> typeInfo, CancellationToken ct)
        where T : class
    {
        var started = Stopwatch.GetTimestamp();
        string? error = "Cancelled";
        try
        {
            var response = await SendAsync(request, body, typeInfo, ct);
            error = response.IsSuccess ? null : response.Error.ErrorType ?? $"Http{response.Error.HttpStatus}";
            return response;
        }
        catch (SesNoResponseException e)
        {
            error = e.InnerException switch
            {
                OperationCanceledException => "Timeout",
                HttpRequestException h => $"Http{h.HttpRequestError}",
                IOException => "ConnectionBroken",
                null => "InvalidResponse",
                JsonException => "InvalidResponse",
                _ => "RequestFailed",
            };
            throw;
        }
        catch (SesCredentialsException)
        {
            error = "Credentials";
            throw;
        }
        finally
        {
            SesTelemetry.Call(operation, Stopwatch.GetElapsedTime(started), error);
        }
    }

    private async Task<SesApiResponse<T>> SendAsync<T>(
        HttpRequestMessage request, TrackedJsonContent? body, JsonTypeInfo<T> typeInfo, CancellationToken ct)
        where T : class
    {
        // The signing handler resolves them again from the same object, which then hits its cache (or, should they
        // expire in between, throws the same SesCredentialsException from inside SendAsync).
        await credentials.ResolveAsync();
        HttpResponseMessage response;
        byte[] payload;
        try
        {
            // The default completion option buffers the body inside SendAsync, so HttpClient.Timeout
            // covers the whole exchange and a body broken off half-way surfaces here too.
            response = await http.SendAsync(request, ct);
            payload = await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            throw new SesNoResponseException($"SES did not answer within {http.Timeout.TotalSeconds:0.###} s.", MayHaveReachedSes(body), e);
        }
        catch (HttpRequestException e)
        {
            throw new SesNoResponseException($"The request to SES failed ({e.HttpRequestError}).", MayHaveReachedSes(body), e);
        }
        catch (IOException e)
        {
            throw new SesNoResponseException("The connection to SES broke.", MayHaveReachedSes(body), e);
        }
        catch (Exception e) when (e is not SesCredentialsException and not OperationCanceledException)
        {
            // Anything else the handlers throw (the signer, a proxy, a bug): whether the request left is told by its body.
            throw new SesNoResponseException($"The request to SES failed ({e.GetType().Name}).", MayHaveReachedSes(body), e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return SesApiResponse<T>.Failure(SesErrorReader.Read((int)response.StatusCode, response.Headers, payload));
            }

            try
            {
                // An operation without an answer body (PutSuppressedDestination) answers success with nothing at all.
                var answer = payload.Length == 0 && typeof(T) == typeof(SesEmptyResponse) ? "{}"u8.ToArray() : payload;
                return JsonSerializer.Deserialize(answer, typeInfo) is { } value
                    ? SesApiResponse<T>.Success(value)
                    : throw new SesNoResponseException("SES answered success with an empty body.", true);
            }
            catch (JsonException e)
            {
                throw new SesNoResponseException("SES answered success with a body that is not valid JSON.", true, e);
            }
        }
    }

    // Without a body (GET) there is nothing to prove, so assume the worst.
    private static bool MayHaveReachedSes(TrackedJsonContent? body) => body is null || body.WriteStarted;
}
