using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MassEmail.Server.Tests.Sns;

/// <summary>
/// A fake SNS, built from the documented behaviour: its own certificate authority, an HTTPS server on 127.0.0.1 (TLS
/// certificate issued by that authority) that serves the signing certificate and answers SubscribeURLs, and messages
/// signed as SNS signs them (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA, over the documented fields). The
/// service trusts it only through <see cref="Settings"/> (test-only configuration).
/// </summary>
public sealed class FakeSns : IAsyncDisposable
{
    public const string TopicArn = "arn:aws:sns:eu-west-1:123456789012:ses-events";
    public const string CertPath = "/SimpleNotificationService-test.pem";

    private readonly RSA signingKey = RSA.Create(2048);
    private readonly string rootPem;
    private readonly X509Certificate2 tls;
    private readonly string signingPem;
    private WebApplication? app;

    public FakeSns()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=MassEmail test SNS authority", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        rootPem = ca.ExportCertificatePem();

        using var tlsKey = RSA.Create(2048);
        var tlsRequest = new CertificateRequest("CN=127.0.0.1", tlsKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        tlsRequest.CertificateExtensions.Add(names.Build());
        tlsRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = tlsRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(6), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(tlsKey);
        tls = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);

        var signingRequest = new CertificateRequest("CN=sns.amazonaws.com", signingKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var signing = signingRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        signingPem = signing.ExportCertificatePem();
    }

    /// <summary>The fake's https address (127.0.0.1 and its port).</summary>
    public string Authority { get; private set; } = "";

    public string CertUrl => $"https://{Authority}{CertPath}";

    /// <summary>Every path and query the service fetched from the fake, in order.</summary>
    public ConcurrentQueue<string> Fetched { get; } = new();

    /// <summary>Configuration that makes the service trust this fake (and only configured topics).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Sns:TopicArns:0", TopicArn),
        new("Sns:TestTrust:Hosts:0", Authority),
        new("Sns:TestTrust:RootCertificatePem", rootPem),
    ];

    public async Task StartAsync()
    {
        // Nothing from the test directory's appsettings (the service's Kestrel endpoints) or the environment.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http1;
            l.UseHttps(tls);
        }));
        app = builder.Build();
        app.Use((context, next) =>
        {
            Fetched.Enqueue(context.Request.Path + context.Request.QueryString);
            return next(context);
        });
        app.MapGet(CertPath, () => Results.Text(signingPem, "application/x-pem-file"));
        app.MapGet("/confirm", () => Results.Text("<ConfirmSubscriptionResponse/>", "text/xml"));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Authority = $"127.0.0.1:{address.Port}";
    }

    /// <summary>A signed notification carrying <paramref name="message"/>, as SNS posts it.</summary>
    public Dictionary<string, string> Notification(string messageId, string message, int version = 1, string? subject = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Type"] = "Notification",
            ["MessageId"] = messageId,
            ["TopicArn"] = TopicArn,
            ["Message"] = message,
            ["Timestamp"] = "2026-12-04T09:00:00.000Z",
            ["SignatureVersion"] = $"{version}",
            ["SigningCertURL"] = CertUrl,
            ["UnsubscribeURL"] = $"https://{Authority}/?Action=Unsubscribe",
        };
        if (subject is not null)
        {
            fields["Subject"] = subject;
        }

        return Sign(fields);
    }

    /// <summary>A signed subscription confirmation whose SubscribeURL is <paramref name="subscribeUrl"/> (default: the fake's).</summary>
    public Dictionary<string, string> Confirmation(string messageId, string? subscribeUrl = null, int version = 2) => Sign(new Dictionary<string, string>
    {
        ["Type"] = "SubscriptionConfirmation",
        ["MessageId"] = messageId,
        ["Token"] = "token-" + messageId,
        ["TopicArn"] = TopicArn,
        ["Message"] = $"You have chosen to subscribe to the topic {TopicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
        ["SubscribeURL"] = subscribeUrl ?? $"https://{Authority}/confirm?Token=token-{messageId}",
        ["Timestamp"] = "2026-12-04T09:00:00.000Z",
        ["SignatureVersion"] = $"{version}",
        ["SigningCertURL"] = CertUrl,
    });

    /// <summary>(Re)signs the fields as SNS would: over the documented fields of the message's type, in order.</summary>
    public Dictionary<string, string> Sign(Dictionary<string, string> fields)
    {
        string[] order = fields["Type"] == "Notification"
            ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
        var text = string.Concat(order.Where(fields.ContainsKey).Select(k => $"{k}\n{fields[k]}\n"));
        var hash = fields["SignatureVersion"] == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        fields["Signature"] = Convert.ToBase64String(signingKey.SignData(Encoding.UTF8.GetBytes(text), hash, RSASignaturePadding.Pkcs1));
        return fields;
    }

    /// <summary>The body SNS posts: the fields as JSON, sent as <c>text/plain; charset=UTF-8</c>.</summary>
    public static HttpContent Body(Dictionary<string, string> fields) =>
        new StringContent(JsonSerializer.Serialize(fields), Encoding.UTF8, "text/plain");

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        tls.Dispose();
        signingKey.Dispose();
    }
}
