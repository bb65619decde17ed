using System.Diagnostics;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>
/// Calls a method with request bytes as they are, so that a request can be anything a hostile client
/// sends (truncated, garbage, invalid UTF-8), not only what a generated client can build.
/// </summary>
internal static class RawCall
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <summary>The call's status (OK when it succeeded) and how long it took; a stream is read to its end.</summary>
    public static async Task<(Status Status, Metadata Trailers, TimeSpan Took)> InvokeAsync(
        CallInvoker invoker, MethodDescriptor descriptor, byte[] request, TimeSpan bound)
    {
        var type = ContractMethods.TypeOf(descriptor);
        var method = new Method<byte[], byte[]>(type, descriptor.Service.FullName, descriptor.Name, Bytes, Bytes);
        var options = new CallOptions(deadline: DateTime.UtcNow + bound);
        var clock = Stopwatch.StartNew();
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, request);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, request))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }

                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    using (var writing = new CancellationTokenSource(bound))
                    {
                        try
                        {
                            // Bounded on its own: a server that answers without reading a large request leaves the
                            // write waiting for flow control, and the call's deadline no longer ends a completed call.
                            await call.RequestStream.WriteAsync(request, writing.Token);
                            await call.RequestStream.CompleteAsync();
                        }
                        catch (Exception e) when (e is InvalidOperationException || (e is OperationCanceledException && writing.IsCancellationRequested))
                        {
                            // The server answered before the request was written: its status is the response's.
                        }

                        await call.ResponseAsync;
                    }

                    break;
                default:
                    throw new NotSupportedException($"{descriptor.FullName}: duplex streaming is not in the contract");
            }

            return (Status.DefaultSuccess, [], clock.Elapsed);
        }
        catch (RpcException e)
        {
            return (e.Status, e.Trailers, clock.Elapsed);
        }
    }
}
