using System.Text;
using System.Text.Json.Nodes;
using Google.Rpc;
using Grpc.Core;

namespace MassEmail.Cli.Output;

/// <summary>
/// A failed call in words: the gRPC status by name, its message, and each google.rpc detail the service
/// attaches (BadRequest field violations, PreconditionFailure, QuotaFailure, ErrorInfo) as one line.
/// </summary>
public static class RpcErrors
{
    public static CliError Describe(RpcException exception, Uri service)
    {
        var code = StatusName(exception.StatusCode);
        var details = new List<string>();
        var json = new JsonObject();
        var status = exception.GetRpcStatus();
        foreach (var any in status?.Details ?? [])
        {
            if (any.TryUnpack<BadRequest>(out var badRequest))
            {
                details.AddRange(badRequest.FieldViolations.Select(v => $"field {v.Field}: {v.Description}"));
                json["field_violations"] = ProtoJson.From(badRequest.FieldViolations);
            }
            else if (any.TryUnpack<PreconditionFailure>(out var precondition))
            {
                details.AddRange(precondition.Violations.Select(v => $"precondition {v.Type} on {v.Subject}: {v.Description}"));
                json["precondition_failures"] = ProtoJson.From(precondition.Violations);
            }
            else if (any.TryUnpack<QuotaFailure>(out var quota))
            {
                details.AddRange(quota.Violations.Select(v => $"quota {v.Subject}: {v.Description}"));
                json["quota_failures"] = ProtoJson.From(quota.Violations);
            }
            else if (any.TryUnpack<ErrorInfo>(out var info))
            {
                details.Add($"reason {info.Reason}{Metadata(info)}");
                json["error_info"] = ProtoJson.From(info);
            }
        }

        var message = string.IsNullOrEmpty(exception.Status.Detail)
            ? $"the service answered {code}"
            : $"the service answered {code}: {exception.Status.Detail}";
        return new CliError((int)exception.StatusCode, code, message, details, Hint(exception.StatusCode, service), json);
    }

    /// <summary>The status code as gRPC spells it (<c>INVALID_ARGUMENT</c>).</summary>
    public static string StatusName(StatusCode code)
    {
        var name = code.ToString();
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }

    private static string Metadata(ErrorInfo info) =>
        info.Metadata.Count == 0 ? "" : " (" + string.Join(", ", info.Metadata.Select(m => $"{m.Key}={m.Value}")) + ")";

    private static string? Hint(StatusCode code, Uri service) => code switch
    {
        StatusCode.Unavailable => $"Is the service running at {service}? (massemail login, or MASSEMAIL_URL)",
        StatusCode.Unauthenticated => "The API key was refused: run massemail login with a valid key, or set MASSEMAIL_API_KEY.",
        StatusCode.PermissionDenied => "The API key lacks the permission named above.",
        _ => null,
    };
}
