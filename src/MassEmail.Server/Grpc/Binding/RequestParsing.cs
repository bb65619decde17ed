using Google.Rpc;
using Grpc.Core;

namespace MassEmail.Server.Grpc.Binding;

/// <summary>Request marshallers whose parse failures are the caller's error, reported as INVALID_ARGUMENT.</summary>
internal static class RequestParsing
{
    /// <summary><paramref name="method"/> with a request deserializer that turns any parse failure into INVALID_ARGUMENT.</summary>
    public static Method<TRequest, TResponse> Wrap<TRequest, TResponse>(Method<TRequest, TResponse> method)
    {
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var typeName = typeof(TRequest).Name;
        var requests = Marshallers.Create(
            method.RequestMarshaller.ContextualSerializer,
            context =>
            {
                try
                {
                    return parse(context);
                }
                catch (Exception e) when (e is not RpcException and not OutOfMemoryException)
                {
                    // Protobuf's own reasons (nesting past its limit, a truncated field, invalid UTF-8) name no
                    // input, so they are safe to pass on.
                    throw ErrorStatus.Build(Code.InvalidArgument, $"The request is not a valid {typeName} message: {e.Message}", new BadRequest
                    {
                        FieldViolations = { new BadRequest.Types.FieldViolation { Field = "", Description = $"not a valid {typeName}: {e.Message}" } },
                    });
                }
            });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }
}
