using Grpc.Core;
using MassEmail.Core.Tenancy;

namespace MassEmail.Server.Grpc;

/// <summary>Reads the <see cref="Caller"/> that <see cref="AuthenticationInterceptor"/> stored for the call.</summary>
public static class CallerContext
{
    internal static readonly object Key = new();

    public static Caller GetCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) && caller is Caller c
            ? c
            : throw new InvalidOperationException("The call was not authenticated; is AuthenticationInterceptor registered?");
}
