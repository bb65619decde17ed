using System.Net;
using System.Net.Http.Headers;

namespace MassEmail.Ses.Api;

/// <summary>
/// A JSON request body that records whether the HTTP stack ever started writing it. The body is
/// written only on an open connection, so "never written" proves SES cannot have received the
/// request (e.g. connection refused, or a timeout while connecting), whatever exception type the
/// stack reports. The signing handler does not read it because the payload hash is supplied up front.
/// </summary>
internal sealed class TrackedJsonContent : HttpContent
{
    private readonly byte[] _utf8Json;
    private int _writeStarted;

    public TrackedJsonContent(byte[] utf8Json)
    {
        _utf8Json = utf8Json;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    /// <summary>True once the HTTP stack began sending the body on a connection.</summary>
    public bool WriteStarted => Volatile.Read(ref _writeStarted) == 1;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _writeStarted, 1);
        return stream.WriteAsync(_utf8Json, cancellationToken).AsTask();
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _writeStarted, 1);
        stream.Write(_utf8Json);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _utf8Json.Length;
        return true;
    }
}
