using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Sending;

/// <summary>
/// Issue 12 item 7, through the real gRPC stack with <c>Ses:MirrorSuppressions</c> on and the fake SES: AddSuppression
/// with reason bounce or complaint also puts the address (normalised as stored: the domain lower-cased) on SES's account-level list; a manual one does not (SES takes
/// bounces and complaints only); when SES fails, the call answers UNAVAILABLE with the entry stored, and retrying it
/// mirrors it.
/// </summary>
public sealed class SuppressionMirrorTests : IAsyncLifetime
{
    private FakeSes ses = null!;
    private MassEmailServer server = null!;
    private RecipientsService.RecipientsServiceClient recipients = null!;

    public async Task InitializeAsync()
    {
        ses = await FakeSes.StartAsync();
        server = new MassEmailServer(StoreKind.Sqlite, new Dictionary<string, string?>
        {
            ["Ses:Endpoint"] = ses.BaseAddress.ToString(),
            ["Ses:MirrorSuppressions"] = "true",
        });
        var org = await server.CreateOrganisationAsync("Mirror Org");
        recipients = new RecipientsService.RecipientsServiceClient(server.Invoker(org.AdminKey.Secret));
    }

    public async Task DisposeAsync()
    {
        server.Dispose();
        await ses.DisposeAsync();
    }

    [Fact]
    public async Task AddSuppression_BounceAndComplaint_MirroredToSes_ManualIsNot()
    {
        await recipients.AddSuppressionAsync(new AddSuppressionRequest { Email = "Bounced@Example.com", Reason = SuppressionReason.Bounce });
        await recipients.AddSuppressionAsync(new AddSuppressionRequest { Email = "spam@example.com", Reason = SuppressionReason.Complaint });
        await recipients.AddSuppressionAsync(new AddSuppressionRequest { Email = "manual@example.com", Reason = SuppressionReason.Manual });

        Assert.Equal([("Bounced@example.com", "BOUNCE"), ("spam@example.com", "COMPLAINT")], Mirrored());
    }

    [Fact]
    public async Task AddSuppression_SesFails_UnavailableWithTheEntryStored_AndARetryMirrorsIt()
    {
        ses.SuppressionReply = FakeSesReply.ServerError;
        var request = new AddSuppressionRequest { Email = "retry@example.com", Reason = SuppressionReason.Complaint };

        var e = await RpcAssert.Fails(StatusCode.Unavailable, () => recipients.AddSuppressionAsync(request));

        Assert.Equal("PROVIDER_UNAVAILABLE", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        Assert.True((await recipients.CheckSuppressionAsync(new CheckSuppressionRequest { Email = "retry@example.com" })).Suppressed);
        ses.SuppressionReply = FakeSesReply.Accept;
        await recipients.AddSuppressionAsync(request);
        Assert.Equal(("retry@example.com", "COMPLAINT"), Mirrored()[^1]);
        Assert.Equal(2, ses.AllRequests.Count(r => r.Operation == "PutSuppressedDestination"));
    }

    private List<(string Address, string Reason)> Mirrored() =>
    [
        .. ses.AllRequests.Where(r => r.Operation == "PutSuppressedDestination" && r.Reply == FakeSesReply.Accept).Select(r =>
        {
            using var body = JsonDocument.Parse(r.Body);
            return (body.RootElement.GetProperty("EmailAddress").GetString()!, body.RootElement.GetProperty("Reason").GetString()!);
        }),
    ];
}
