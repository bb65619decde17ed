using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Sending;

/// <summary>Test sends go to the caller and count against the caller's individual daily quota (2 in this fixture).</summary>
public abstract class TestSendTests(EmulatorServer fixture)
{
    [SkippableFact]
    public async Task SendTestEmail_BeyondIndividualQuota_IsResourceExhausted()
    {
        fixture.SkipIfUnavailable();
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Test Send Org", "testsend.example", 1);
        var request = new SendTestEmailRequest { TemplateId = setup.TemplateId };
        request.RecordFields = new Google.Protobuf.WellKnownTypes.Struct { Fields = { ["first_name"] = Google.Protobuf.WellKnownTypes.Value.ForString("Tess") } };

        var first = await setup.Sends.SendTestEmailAsync(request);
        await setup.Sends.SendTestEmailAsync(request);
        var e = await RpcAssert.Fails(StatusCode.ResourceExhausted, () => setup.Sends.SendTestEmailAsync(request));

        Assert.Equal("individual", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata["quota"]);
        var usage = await setup.Sends.GetUsageAsync(new GetUsageRequest());
        Assert.Equal((2, 2), (usage.IndividualUsed, usage.IndividualLimit));
        var domain = first.To.Split('@')[1];
        Assert.Equal(2, (await SendHelpers.MailToAsync(fixture.Emulator, domain)).Count(to => to == first.To));
    }
}

[Trait("Store", "Sqlite")]
public sealed class TestSendSqliteTests(SqliteEmulatorServer f) : TestSendTests(f), IClassFixture<SqliteEmulatorServer>;

[Trait("Store", "Mongo")]
public sealed class TestSendMongoTests(MongoEmulatorServer f) : TestSendTests(f), IClassFixture<MongoEmulatorServer>;
