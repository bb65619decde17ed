using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace MassEmail.Server.Grpc.Binding;

/// <summary>
/// Binds every gRPC service (ours, health, reflection) like the framework's own provider does, but
/// with request marshallers from <see cref="RequestParsing"/>: a request that is not a valid message
/// (garbage, truncated, invalid UTF-8, nested past the parser's limit) is answered INVALID_ARGUMENT
/// instead of the framework's UNKNOWN "Exception was thrown by handler". Deserializing happens before
/// any interceptor runs, so the marshaller is the only place that can say so.
/// </summary>
internal sealed class ParsedRequestMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var bind = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        if (bind is null)
        {
            return;
        }

        var bindMethod = bind.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .SingleOrDefault(m => m.Name == bind.BindMethodName && m.GetParameters() is [var p, _] && p.ParameterType == typeof(ServiceBinderBase))
            ?? throw new InvalidOperationException($"{bind.BindType} has no {bind.BindMethodName}(ServiceBinderBase, service) method.");
        bindMethod.Invoke(null, [new Binder(context), null]);
    }

    /// <summary>Receives each method of the service from its generated BindService and registers it with a parsing marshaller.</summary>
    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            if (Find<global::Grpc.AspNetCore.Server.Model.UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext)) is var (invoker, metadata))
            {
                context.AddUnaryMethod(RequestParsing.Wrap(method), metadata, invoker);
            }
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            if (Find<global::Grpc.AspNetCore.Server.Model.ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)) is var (invoker, metadata))
            {
                context.AddServerStreamingMethod(RequestParsing.Wrap(method), metadata, invoker);
            }
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            if (Find<global::Grpc.AspNetCore.Server.Model.ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)) is var (invoker, metadata))
            {
                context.AddClientStreamingMethod(RequestParsing.Wrap(method), metadata, invoker);
            }
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            if (Find<global::Grpc.AspNetCore.Server.Model.DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)) is var (invoker, metadata))
            {
                context.AddDuplexStreamingMethod(RequestParsing.Wrap(method), metadata, invoker);
            }
        }

        /// <summary>
        /// The service's override of the generated base method, as an open-instance delegate, with its
        /// attributes as endpoint metadata; null when the service does not implement it (the call then
        /// answers UNIMPLEMENTED, as with the framework's provider).
        /// </summary>
        private static (TDelegate Invoker, List<object> Metadata)? Find<TDelegate>(string name, params Type[] parameters)
            where TDelegate : Delegate
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var candidate = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly, null, parameters, null);
                if (candidate is null)
                {
                    continue;
                }

                // The first declaration is the generated base's (it answers UNIMPLEMENTED): nothing overrides it.
                return candidate.GetBaseDefinition().DeclaringType == candidate.DeclaringType ? null : Build(candidate);
            }

            return null;

            static (TDelegate, List<object>) Build(MethodInfo method)
            {
                var metadata = new List<object>();
                metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
                metadata.AddRange(method.GetCustomAttributes(inherit: true));
                // As the framework's binder: gRPC is POST only (other verbs get 405, not the handler).
                metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
                return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), method), metadata);
            }
        }
    }
}
