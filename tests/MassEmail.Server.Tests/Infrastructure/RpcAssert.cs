using Google.Rpc;
using Grpc.Core;

namespace MassEmail.Server.Tests.Infrastructure;

/// <summary>Assertions on gRPC failures and their google.rpc details.</summary>
public static class RpcAssert
{
    public static async Task<RpcException> Fails(StatusCode expected, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(expected == e.StatusCode, $"expected {expected}, got {e.StatusCode}: {e.Status.Detail}");
        return e;
    }

    public static async Task<RpcException> Fails<T>(StatusCode expected, Func<AsyncUnaryCall<T>> call) =>
        await Fails(expected, async () => await call());

    /// <summary>The field paths of the BadRequest detail, empty when there is none.</summary>
    public static IReadOnlyList<string> ViolatedFields(this RpcException e) =>
        e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];

    /// <summary>The subjects of the PreconditionFailure detail, empty when there is none.</summary>
    public static IReadOnlyList<string> PreconditionSubjects(this RpcException e) =>
        e.GetRpcStatus()?.GetDetail<PreconditionFailure>()?.Violations.Select(v => v.Subject).ToList() ?? [];
}
