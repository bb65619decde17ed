using Grpc.Core;
using Grpc.Core.Interceptors;
using MassEmail.Core.Tenancy;

namespace MassEmail.Server.Grpc;

/// <summary>
/// Authenticates every call to a MassEmail service with its bearer API key and leaves the
/// <see cref="Caller"/> in the call's user state. Health and reflection stay open.
/// </summary>
public sealed class AuthenticationInterceptor(ApiKeyAuthenticator authenticator) : Interceptor
{
    private const string OwnServicesPrefix = "/massemail.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        if (!context.Method.StartsWith(OwnServicesPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var header = context.RequestHeaders.GetValue("authorization");
        string? secret = null;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = header["Bearer ".Length..].Trim();
        }

        context.UserState[CallerContext.Key] = await authenticator.AuthenticateAsync(secret, context.CancellationToken);
    }
}
