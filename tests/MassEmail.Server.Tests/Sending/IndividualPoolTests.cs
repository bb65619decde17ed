using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Sending;

/// <summary>
/// The individual quota is one pool per organisation and UTC day: the edition's figure per active user (300 here)
/// times the active users. Five users share 1,500, whoever sends them; deactivating a user lowers the pool.
/// </summary>
public abstract class IndividualPoolTests(IndividualPoolServer fixture)
{
    private const int PerUser = 300;

    [SkippableFact]
    public async Task SendEmail_FiveUsersAt300_The1501stIsRefusedWhicheverUsersSent()
    {
        fixture.SkipIfUnavailable();
        const string domain = "individual-pool.example";
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Individual Pool Org", domain, 1);
        var admin = new AdminService.AdminServiceClient(setup.Invoker);
        var record = (await new RecipientsService.RecipientsServiceClient(setup.Invoker)
            .SearchRecordsAsync(new SearchRecordsRequest { Module = RecordModule.Candidates, PageSize = 1 })).Records[0].Id;
        List<MassSendService.MassSendServiceClient> senders = [setup.Sends];
        List<string> userIds = [];
        for (var i = 1; i < 5; i++)
        {
            var user = (await admin.CreateUserAsync(new CreateUserRequest { User = new User { Email = $"sender{i}@{domain}", FirstName = "Sender", Active = true } })).User.Id;
            var key = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { UserId = user, Name = "sender", Permissions = { Permission.MassEmailCandidates } });
            senders.Add(new MassSendService.MassSendServiceClient(fixture.Server.Invoker(key.Secret)));
            userIds.Add(user);
        }

        // 1,500 emails in uneven shares: users 0 and 1 send two of every seven, the others one each.
        await Parallel.ForAsync(0, 5 * PerUser, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var sent = await senders[i % 7 % 5].SendEmailAsync(IndividualEmailTests.Request(setup, record, $"pool-{i}"));
            Assert.Equal(IndividualEmailState.Sent, sent.State);
        });

        var refused = await RpcAssert.Fails(StatusCode.ResourceExhausted, () => senders[4].SendEmailAsync(IndividualEmailTests.Request(setup, record, "pool-1501")));
        Assert.Equal("individual", refused.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Metadata["quota"]);
        var usage = await setup.Sends.GetUsageAsync(new GetUsageRequest());
        Assert.Equal((5 * PerUser, 5 * PerUser), (usage.IndividualUsed, usage.IndividualLimit));
        Assert.Equal(5 * PerUser, (await SendHelpers.MailToAsync(fixture.Emulator, domain)).Count);

        // One user fewer: the pool is 1,200, still used up.
        await admin.SetUserActiveAsync(new SetUserActiveRequest { UserId = userIds[0], Active = false });
        Assert.Equal(4 * PerUser, (await setup.Sends.GetUsageAsync(new GetUsageRequest())).IndividualLimit);
        await RpcAssert.Fails(StatusCode.ResourceExhausted, () => senders[2].SendEmailAsync(IndividualEmailTests.Request(setup, record, "pool-after")));
    }
}

/// <summary>300 individual emails per active user of the Professional edition; a rate high enough for 1,500 in seconds.</summary>
public abstract class IndividualPoolServer(StoreKind store) : EmulatorServerFixture(store, 5000, new Dictionary<string, string?>
{
    ["Public:BaseUrl"] = "https://mail.example.com",
    ["Sending:IndividualDailyProfessional"] = "300",
});

public sealed class SqliteIndividualPoolServer() : IndividualPoolServer(StoreKind.Sqlite);

public sealed class MongoIndividualPoolServer() : IndividualPoolServer(StoreKind.Mongo);

[Trait("Store", "Sqlite")]
public sealed class IndividualPoolSqliteTests(SqliteIndividualPoolServer f) : IndividualPoolTests(f), IClassFixture<SqliteIndividualPoolServer>;

[Trait("Store", "Mongo")]
public sealed class IndividualPoolMongoTests(MongoIndividualPoolServer f) : IndividualPoolTests(f), IClassFixture<MongoIndividualPoolServer>;
