using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using MassEmail.Core.Errors;

namespace MassEmail.Server.Grpc;

/// <summary>
/// Builds the status a failed call answers with, within a fixed size: the message and the
/// <c>google.rpc</c> details travel in HTTP/2 trailers, and clients drop a connection whose headers
/// exceed what they accept (often 8 to 16 KB). Whatever an error holds, the trailers stay far below that.
/// </summary>
public static class ErrorStatus
{
    /// <summary>Most UTF-8 bytes of the status message (grpc-message percent-encodes it, up to 3× that on the wire).</summary>
    public const int MaxMessageBytes = 900;

    /// <summary>Most bytes of the serialized <c>google.rpc.Status</c> (grpc-status-details-bin, base64 on the wire).</summary>
    public const int MaxDetailsBytes = 4096;

    private const int MaxViolations = 100;

    public static RpcException Build(Code code, string message, params IMessage[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = Bounded(message) };
        foreach (var detail in details)
        {
            var packed = Any.Pack(detail is BadRequest bad ? Fit(bad, MaxDetailsBytes - status.CalculateSize() - 64) : detail);
            if (status.CalculateSize() + packed.CalculateSize() > MaxDetailsBytes)
            {
                break;
            }

            status.Details.Add(packed);
        }

        return status.ToRpcException();
    }

    /// <summary>The message cut to <see cref="MaxMessageBytes"/> UTF-8 bytes, at a character boundary.</summary>
    internal static string Bounded(string message)
    {
        if (Encoding.UTF8.GetByteCount(message) <= MaxMessageBytes)
        {
            return message;
        }

        var cut = InputText.Quote(message, MaxMessageBytes / 3);
        return Encoding.UTF8.GetByteCount(cut) <= MaxMessageBytes ? cut : InputText.Quote(message, MaxMessageBytes / 9);
    }

    /// <summary>As many violations as fit in <paramref name="budget"/> bytes, then one that counts the rest.</summary>
    private static BadRequest Fit(BadRequest bad, int budget)
    {
        var fitted = new BadRequest();
        for (var i = 0; i < bad.FieldViolations.Count && i < MaxViolations; i++)
        {
            var v = bad.FieldViolations[i];
            var bounded = new BadRequest.Types.FieldViolation
            {
                Field = InputText.Quote(v.Field, FieldViolation.MaxFieldLength),
                Description = InputText.Quote(v.Description, FieldViolation.MaxDescriptionLength),
            };
            if (fitted.CalculateSize() + bounded.CalculateSize() + 120 > budget)
            {
                break;
            }

            fitted.FieldViolations.Add(bounded);
        }

        var left = bad.FieldViolations.Count - fitted.FieldViolations.Count;
        if (left > 0)
        {
            fitted.FieldViolations.Add(new BadRequest.Types.FieldViolation
            {
                Field = "",
                Description = $"{left} more violation(s) not listed",
            });
        }

        return fitted;
    }
}
