using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Admin;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Auth;

/// <summary>
/// The operator's way back into an organisation: <c>admin set-user-active</c> and <c>admin create-key</c>
/// for an existing user, run on the service's own store; their results are checked through gRPC.
/// </summary>
public abstract class AdminCommandTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task SetUserActive_DeactivatedAdmin_IsActiveAgainAndItsKeyWorks()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Command Reactivate Org");
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        string[] user = ["--org", org.Organisation.Id, "--user", org.Admin.Id];

        var (off, offOutput) = await RunAsync(["set-user-active", .. user, "--active", "false"]);
        Assert.Equal(0, off);
        Assert.Equal([$"user_id={org.Admin.Id}", "active=false"], offOutput);
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => admin.ListUsersAsync(new ListUsersRequest()));

        var (on, onOutput) = await RunAsync(["set-user-active", .. user, "--active", "true"]);

        Assert.Equal(0, on);
        Assert.Equal([$"user_id={org.Admin.Id}", "active=true"], onOutput);
        Assert.True(Assert.Single((await admin.ListUsersAsync(new ListUsersRequest())).Users).Active);
    }

    [SkippableFact]
    public async Task CreateKey_ExistingUser_PrintsAKeyThatWorksWithItsPermissions()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Command Key Org");

        var (code, output) = await RunAsync(
            ["create-key", "--org", org.Organisation.Id, "--user", org.Admin.Id, "--name", "rescue", "--permissions", "org-admin,templates-read"]);

        Assert.Equal(0, code);
        var secret = Assert.Single(output, l => l.StartsWith("api_key=", StringComparison.Ordinal))["api_key=".Length..];
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(secret));
        var key = Assert.Single((await admin.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys, k => k.Name == "rescue");
        Assert.Equal([Permission.TemplatesRead, Permission.OrgAdmin], key.Permissions);
        await RpcAssert.Fails(StatusCode.PermissionDenied,
            () => new RecipientsService.RecipientsServiceClient(fixture.Server.Invoker(secret)).ListMailingListsAsync(new ListMailingListsRequest()));
    }

    [SkippableTheory]
    [InlineData("set-user-active", "--active", "yes", 2)]
    [InlineData("set-user-active", "--active", "true", 1)]
    [InlineData("create-key", "--name", "k", 1)]
    public async Task Commands_UnknownUserOrBadValue_FailWithAnErrorAndChangeNothing(string command, string option, string value, int expected)
    {
        var org = await fixture.Server.CreateOrganisationAsync("Command Error Org");

        var (code, output) = await RunAsync([command, "--org", org.Organisation.Id, "--user", expected == 1 ? "0123456789abcdef01234567" : org.Admin.Id, option, value]);

        Assert.Equal(expected, code);
        Assert.StartsWith("error: ", output[0], StringComparison.Ordinal);
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        Assert.True(Assert.Single((await admin.ListUsersAsync(new ListUsersRequest())).Users).Active);
        Assert.Single((await admin.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys);
    }

    private async Task<(int Code, string[] Output)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        var code = await AdminCommand.RunAsync(fixture.Server.Services, args, output);
        return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}

[Trait("Store", "Sqlite")]
public sealed class AdminCommandSqliteTests(SqliteServerFixture f) : AdminCommandTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class AdminCommandMongoTests(MongoServerFixture f) : AdminCommandTests(f), IClassFixture<MongoServerFixture>;
