using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using MassEmail.Core.Tenancy;

namespace MassEmail.Server.Grpc;

/// <summary>
/// Authenticates every call to a MassEmail service with its bearer API key and leaves the
/// <see cref="Caller"/> in the call's user state. Health and reflection stay open. The rest of the call logs in a scope
/// with the caller's organisation and key ids (never the key), and its span carries the organisation id.
/// </summary>
public sealed class AuthenticationInterceptor(ApiKeyAuthenticator authenticator, ILogger<AuthenticationInterceptor> logger) : Interceptor
{
    private const string OwnServicesPrefix = "/massemail.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task<IDisposable?> AuthenticateAsync(ServerCallContext context)
    {
        if (!context.Method.StartsWith(OwnServicesPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        string? secret = null;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = header["Bearer ".Length..].Trim();
        }

        var caller = await authenticator.AuthenticateAsync(secret, context.CancellationToken);
        context.UserState[CallerContext.Key] = caller;
        Activity.Current?.SetTag("massemail.org_id", caller.OrgId);
        return logger.BeginScope("Organisation {OrgId}, key {KeyId}", caller.OrgId, caller.KeyId);
    }
}
