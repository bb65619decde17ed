using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Admin;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Admin;

/// <summary>
/// The operator's admin command on the server's own store: name=value lines by default, one JSON object
/// with <c>--json</c> (what the test kit's <see cref="AdminResult"/> reads), and the keys it prints get in;
/// and the operator's way back into a locked-out organisation (<c>set-user-active</c>, <c>create-key</c> for an
/// existing user), checked through gRPC.
/// </summary>
public abstract class AdminCommandTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task CreateOrg_Json_PrintsOneObjectWhoseKeyGetsIn()
    {
        var (exit, output) = await RunAsync(CreateOrg("Json Org", "--json"));

        Assert.Equal(0, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var result = AdminResult.Parse(line);
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(result.ApiKey));
        var organisation = (await admin.GetOrganisationAsync(new GetOrganisationRequest())).Organisation;
        Assert.Equal((result.OrganisationId, "Json Org"), (organisation.Id, organisation.Name));
        Assert.Contains((await admin.ListUsersAsync(new ListUsersRequest())).Users, u => u.Id == result.AdminUserId);
    }

    [SkippableFact]
    public async Task CreateKey_Json_PrintsTheNewKeyWithThePermissionsAsked()
    {
        var org = AdminResult.Parse((await RunAsync(CreateOrg("Key Org", "--json"))).Output);

        var (exit, output) = await RunAsync(["create-key", "--json", "--org", org.OrganisationId, "--user", org.AdminUserId, "--name", "ATS", "--permissions", "templates-read"]);

        Assert.Equal(0, exit);
        var key = AdminResult.Parse(output).ApiKey;
        var keys = await new AdminService.AdminServiceClient(fixture.Server.Invoker(org.ApiKey)).ListApiKeysAsync(new ListApiKeysRequest());
        var listed = Assert.Single(keys.ApiKeys, k => k.Name == "ATS");
        Assert.StartsWith($"mek_{listed.Id}_", key);
        Assert.Equal([Permission.TemplatesRead], listed.Permissions);
        Assert.Empty((await new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(key)).ListTemplatesAsync(new ListTemplatesRequest())).Templates);
    }

    [SkippableFact]
    public async Task CreateOrg_WithoutJson_PrintsNameValueLines()
    {
        var (exit, output) = await RunAsync(CreateOrg("Text Org"));

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["organisation_id", "admin_user_id", "api_key"], lines.Select(l => l.Split('=')[0]));
        Assert.StartsWith("api_key=mek_", lines[2]);
    }

    [SkippableFact]
    public async Task CreateOrg_JsonAndInvalidRequest_PrintsOneErrorObject()
    {
        var (exit, output) = await RunAsync(["create-org", "--json", "--name", "No Emails"]);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var error = Assert.Throws<InvalidOperationException>(() => AdminResult.Parse(line));
        Assert.Contains("the admin command failed: The request is invalid: email:", error.Message);
    }

    [SkippableFact]
    public async Task Admin_JsonAndMissingOptionValue_PrintsOneErrorObjectAndUsageExitCode()
    {
        var (exit, output) = await RunAsync(["create-org", "--name", "--json"]);

        Assert.Equal(2, exit);
        Assert.Equal("""{"error":"--name needs a value"}""", output.Trim());
    }

    [SkippableFact]
    public async Task SetUserActive_DeactivatedAdmin_IsActiveAgainAndItsKeyWorks()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Command Reactivate Org");
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        string[] user = ["--org", org.Organisation.Id, "--user", org.Admin.Id, "--json"];
        await admin.ListUsersAsync(new ListUsersRequest()); // the key is now remembered by the server

        var (off, offOutput) = await RunAsync(["set-user-active", .. user, "--active", "false"]);
        Assert.Equal(0, off);
        Assert.Equal((org.Admin.Id, "false"), (AdminResult.Parse(offOutput)["user_id"], AdminResult.Parse(offOutput)["active"]));
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => admin.ListUsersAsync(new ListUsersRequest()));

        var (on, onOutput) = await RunAsync(["set-user-active", .. user, "--active", "true"]);

        Assert.Equal(0, on);
        Assert.Equal("true", AdminResult.Parse(onOutput)["active"]);
        Assert.True(Assert.Single((await admin.ListUsersAsync(new ListUsersRequest())).Users).Active);
    }

    [SkippableFact]
    public async Task CreateKey_ExistingUser_PrintsAKeyThatWorksWithItsPermissions()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Command Key Org");

        var (code, output) = await RunAsync(
            ["create-key", "--org", org.Organisation.Id, "--user", org.Admin.Id, "--name", "rescue", "--permissions", "org-admin,templates-read", "--json"]);

        Assert.Equal(0, code);
        var secret = AdminResult.Parse(output).ApiKey;
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
        Assert.StartsWith("error: ", output, StringComparison.Ordinal);
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        Assert.True(Assert.Single((await admin.ListUsersAsync(new ListUsersRequest())).Users).Active);
        Assert.Single((await admin.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys);
    }

    private static string[] CreateOrg(string name, params string[] more) =>
        ["create-org", "--name", name, "--email", "office@org.example", "--admin-email", $"it.{Guid.NewGuid():N}@org.example", .. more];

    private async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        var exit = await AdminCommand.RunAsync(fixture.Server.Services, args, output);
        return (exit, output.ToString());
    }
}

[Trait("Store", "Sqlite")]
public sealed class AdminCommandSqliteTests(SqliteServerFixture f) : AdminCommandTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class AdminCommandMongoTests(MongoServerFixture f) : AdminCommandTests(f), IClassFixture<MongoServerFixture>;
