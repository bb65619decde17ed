using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using MassEmail.Core.Errors;
using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Server.Grpc;

/// <summary>
/// The one place where Core's domain exceptions become gRPC statuses with google.rpc details.
/// Anything else is logged and reported as INTERNAL without internal details.
/// </summary>
public sealed class ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger) : Interceptor
{
    private const string Domain = "massemail.v1";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        if (e is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            return new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
        }

        if (e is not DomainException domain)
        {
            logger.LogError(e, "Unhandled error in {Method}", context.Method);
            return Build(Code.Internal, "An internal error occurred.");
        }

        return domain switch
        {
            ValidationException v => Build(Code.InvalidArgument, v.Message, new BadRequest
            {
                FieldViolations = { v.Violations.Select(f => new BadRequest.Types.FieldViolation { Field = f.Field, Description = f.Description }) },
            }),
            NotFoundException n => Build(Code.NotFound, n.Message, new ResourceInfo { ResourceType = n.Resource, ResourceName = InputText.Quote(n.Id) }),
            AlreadyExistsException a => Build(Code.AlreadyExists, a.Message, new BadRequest
            {
                FieldViolations = { new BadRequest.Types.FieldViolation { Field = a.Field, Description = "already in use" } },
            }),
            VersionConflictException c => Build(Code.Aborted, c.Message, Info("VERSION_MISMATCH", ("expected_version", c.ExpectedVersion.ToString()))),
            PreconditionFailedException p => Build(Code.FailedPrecondition, p.Message, new PreconditionFailure
            {
                Violations = { new PreconditionFailure.Types.Violation { Type = p.Type, Subject = p.Subject, Description = p.Message } },
            }),
            PermissionDeniedException d => Build(Code.PermissionDenied, d.Message, Info("MISSING_PERMISSION", ("permission", d.Missing.ToString()))),
            UnauthenticatedException u => Build(Code.Unauthenticated, u.Message),
            ProviderUnavailableException p => Build(Code.Unavailable, p.Message, Info("PROVIDER_UNAVAILABLE", ("operation", p.Operation))),
            QueryTimeLimitException t => Build(Code.DeadlineExceeded, t.Message, Info(
                "QUERY_TIME_LIMIT", ("operation", t.Operation), ("limit_ms", ((long)t.Limit.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            QuotaExceededException q => Build(
                Code.ResourceExhausted,
                q.Message,
                new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = $"{q.Quota}:{q.Day:yyyy-MM-dd}", Description = q.Message } } },
                Info("QUOTA_EXCEEDED", ("quota", q.Quota), ("requested", q.Requested.ToString()), ("remaining", q.Remaining.ToString()), ("day", q.Day.ToString("yyyy-MM-dd")))),
            TemplateRenderException r => Build(Code.FailedPrecondition, r.Message, new PreconditionFailure
            {
                Violations = { new PreconditionFailure.Types.Violation { Type = "RENDER_FAILED", Subject = "template", Description = r.Message } },
            }),
            MassEmail.Core.Secrets.SecretUnreadableException s => Build(Code.FailedPrecondition, s.Message, new PreconditionFailure
            {
                Violations = { new PreconditionFailure.Types.Violation { Type = "SECRET_UNREADABLE", Subject = s.Purpose, Description = s.Message } },
            }),
            _ => Build(Code.Internal, "An internal error occurred."),
        };
    }

    private static ErrorInfo Info(string reason, params (string Key, string Value)[] metadata)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        foreach (var (key, value) in metadata)
        {
            info.Metadata[key] = value;
        }

        return info;
    }

    private static RpcException Build(Code code, string message, params Google.Protobuf.IMessage[] details) =>
        ErrorStatus.Build(code, message, details);
}
