using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Plugins;

/// <summary>
/// Issue 14, connections: PluginsService creates, shows, lists, tests and deletes an organisation's connections to Zoho
/// Campaigns and Mailchimp (against fakes on 127.0.0.1), checks data centres and credentials with field details, needs
/// PERMISSION_PLUGINS_ADMIN, and keeps other organisations' connections apart.
/// </summary>
public abstract class PluginsServiceTests(PluginsServerFixture fixture)
{
    [SkippableFact]
    public async Task Zoho_CreateByAccountsHost_GetListTestListRemoteListsDelete()
    {
        var plugins = await NewOrgAsync();

        var created = (await plugins.CreateConnectionAsync(Zoho("Zoho Canada", "accounts.zohocloud.ca"))).Connection;

        Assert.Equal(PluginVendor.ZohoCampaigns, created.Vendor);
        Assert.Equal("ca", created.DataCentre);
        Assert.Equal(["client_id", "client_secret", "refresh_token"], created.CredentialNames);
        Assert.Equal(1, created.Version);
        Assert.Equal(created, (await plugins.GetConnectionAsync(new GetConnectionRequest { Id = created.Id })).Connection);
        Assert.Equal([created], (await plugins.ListConnectionsAsync(new ListConnectionsRequest())).Connections);
        var test = await plugins.TestConnectionAsync(new TestConnectionRequest { Id = created.Id });
        Assert.True(test.Ok, test.Detail);
        Assert.Equal(1, test.RemoteListCount);
        var lists = (await plugins.ListRemoteListsAsync(new ListRemoteListsRequest { Id = created.Id })).Lists;
        Assert.Equal(PluginsServerFixture.ZohoList, Assert.Single(lists).Id);
        Assert.Equal("Candidates 2026", lists[0].Name);

        await plugins.DeleteConnectionAsync(new DeleteConnectionRequest { Id = created.Id });

        await RpcAssert.Fails(StatusCode.NotFound, () => plugins.GetConnectionAsync(new GetConnectionRequest { Id = created.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => plugins.TestConnectionAsync(new TestConnectionRequest { Id = created.Id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => plugins.DeleteConnectionAsync(new DeleteConnectionRequest { Id = created.Id }));
        Assert.Empty((await plugins.ListConnectionsAsync(new ListConnectionsRequest())).Connections);
    }

    [SkippableTheory]
    [InlineData("sa", "sa")]
    [InlineData("accounts.zoho.sa", "sa")]
    [InlineData("https://accounts.zoho.eu/", "eu")]
    [InlineData("COM.AU", "com.au")]
    public async Task Zoho_EveryWayToNameADataCentre_StoredAsItsCode(string given, string stored)
    {
        var plugins = await NewOrgAsync();

        var created = (await plugins.CreateConnectionAsync(Zoho("Zoho", given))).Connection;

        Assert.Equal(stored, created.DataCentre);
    }

    [SkippableFact]
    public async Task Mailchimp_ServerPrefixFromTheKey_TestedAndListed()
    {
        var plugins = await NewOrgAsync();

        var created = (await plugins.CreateConnectionAsync(Mailchimp("Mailchimp", "", FakeMailchimp.ApiKey))).Connection;

        Assert.Equal(PluginVendor.Mailchimp, created.Vendor);
        Assert.Equal("us6", created.DataCentre);
        Assert.Equal(["api_key", "webhook_secret"], created.CredentialNames);
        var test = await plugins.TestConnectionAsync(new TestConnectionRequest { Id = created.Id });
        Assert.True(test.Ok, test.Detail);
        Assert.Equal(PluginsServerFixture.MailchimpList, Assert.Single((await plugins.ListRemoteListsAsync(new ListRemoteListsRequest { Id = created.Id })).Lists).Id);
    }

    [SkippableFact]
    public async Task TestConnection_CredentialsRefused_NotOkWithTheVendorsWords_AndListingFailsPrecondition()
    {
        var plugins = await NewOrgAsync();
        var zoho = Zoho("Wrong token", "eu");
        zoho.ZohoCampaigns.RefreshToken = "1000.not-the-refresh-token";
        var zohoId = (await plugins.CreateConnectionAsync(zoho)).Connection.Id;
        var mailchimpId = (await plugins.CreateConnectionAsync(Mailchimp("Wrong key", "us6", "ffffffffffffffffffffffffffffffff-us6"))).Connection.Id;

        var zohoTest = await plugins.TestConnectionAsync(new TestConnectionRequest { Id = zohoId });
        var mailchimpTest = await plugins.TestConnectionAsync(new TestConnectionRequest { Id = mailchimpId });

        Assert.False(zohoTest.Ok);
        Assert.Contains("access token", zohoTest.Detail, StringComparison.Ordinal);
        Assert.False(mailchimpTest.Ok);
        Assert.Contains("401", mailchimpTest.Detail, StringComparison.Ordinal);
        var e = await RpcAssert.Fails(StatusCode.FailedPrecondition, () => plugins.ListRemoteListsAsync(new ListRemoteListsRequest { Id = mailchimpId }));
        Assert.Equal(["connection"], e.PreconditionSubjects());
    }

    [SkippableFact]
    public async Task CreateConnection_BadShapes_InvalidArgumentNamingTheFields_NothingStored()
    {
        var plugins = await NewOrgAsync();
        var noCredentials = Zoho("No credentials", "eu");
        noCredentials.ClearCredentials();
        var otherVendors = Zoho("Other vendor's", "eu");
        otherVendors.Mailchimp = new MailchimpCredentials { ApiKey = FakeMailchimp.ApiKey };
        var missing = Zoho("Missing", "eu");
        missing.ZohoCampaigns.ClientSecret = "";
        var spaces = Zoho("Spaces", "eu");
        spaces.ZohoCampaigns.RefreshToken = "1000.has a space";
        var cases = new (CreateConnectionRequest Request, string[] Fields)[]
        {
            (new CreateConnectionRequest(), ["connection"]),
            (Zoho("Unknown centre", "zoho.example"), ["connection.data_centre"]),
            (Zoho("Canada misspelt", "accounts.zoho.ca"), ["connection.data_centre"]),
            (Zoho("", "eu"), ["connection.name"]),
            (noCredentials, ["zoho_campaigns"]),
            (otherVendors, ["zoho_campaigns"]),
            (missing, ["zoho_campaigns.client_secret"]),
            (spaces, ["zoho_campaigns.refresh_token"]),
            (Mailchimp("No prefix", "", "0123456789abcdef0123456789abcdef"), ["mailchimp.api_key"]),
            (Mailchimp("Other prefix", "us7", FakeMailchimp.ApiKey), ["connection.data_centre"]),
            (Mailchimp("Host name", "us6.evil.example", FakeMailchimp.ApiKey), ["connection.data_centre"]),
            (new CreateConnectionRequest { Connection = new PluginConnection { Name = "No vendor" }, Mailchimp = new MailchimpCredentials { ApiKey = FakeMailchimp.ApiKey } }, ["connection.vendor"]),
        };

        foreach (var (request, fields) in cases)
        {
            var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => plugins.CreateConnectionAsync(request));
            Assert.True(fields.SequenceEqual(e.ViolatedFields()), $"{request}: expected [{string.Join(", ", fields)}], got [{string.Join(", ", e.ViolatedFields())}]");
        }

        Assert.Empty((await plugins.ListConnectionsAsync(new ListConnectionsRequest())).Connections);
    }

    [SkippableFact]
    public async Task CreateConnection_NameTakenInAnyCase_AlreadyExists()
    {
        var plugins = await NewOrgAsync();
        await plugins.CreateConnectionAsync(Zoho("Main", "eu"));

        var e = await RpcAssert.Fails(StatusCode.AlreadyExists, () => plugins.CreateConnectionAsync(Mailchimp(" MAIN ", "", FakeMailchimp.ApiKey)));

        Assert.Equal(["connection.name"], e.ViolatedFields());
    }

    [SkippableFact]
    public async Task EveryCall_WithoutPluginsAdmin_PermissionDenied_AndAnotherOrganisationsConnection_NotFound()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Plugins perms");
        var plugins = new PluginsService.PluginsServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var id = (await plugins.CreateConnectionAsync(Zoho("Mine", "eu"))).Connection.Id;
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var everythingElse = Enum.GetValues<Permission>().Where(p => p is not Permission.Unspecified and not Permission.PluginsAdmin).ToList();
        var key = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { UserId = org.Admin.Id, Name = "no plugins", Permissions = { everythingElse } });
        var denied = new PluginsService.PluginsServiceClient(fixture.Server.Invoker(key.Secret));
        var other = await NewOrgAsync();

        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.CreateConnectionAsync(Zoho("Theirs", "eu")));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.GetConnectionAsync(new GetConnectionRequest { Id = id }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.ListConnectionsAsync(new ListConnectionsRequest()));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.TestConnectionAsync(new TestConnectionRequest { Id = id }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.ListRemoteListsAsync(new ListRemoteListsRequest { Id = id }));
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => denied.DeleteConnectionAsync(new DeleteConnectionRequest { Id = id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.GetConnectionAsync(new GetConnectionRequest { Id = id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.TestConnectionAsync(new TestConnectionRequest { Id = id }));
        await RpcAssert.Fails(StatusCode.NotFound, () => other.DeleteConnectionAsync(new DeleteConnectionRequest { Id = id }));
        Assert.Empty((await other.ListConnectionsAsync(new ListConnectionsRequest())).Connections);
        Assert.Equal(id, (await plugins.GetConnectionAsync(new GetConnectionRequest { Id = id })).Connection.Id);
    }

    internal static CreateConnectionRequest Zoho(string name, string dataCentre) => new()
    {
        Connection = new PluginConnection { Vendor = PluginVendor.ZohoCampaigns, Name = name, DataCentre = dataCentre },
        ZohoCampaigns = new ZohoCampaignsCredentials
        {
            ClientId = FakeZohoCampaigns.ClientId,
            ClientSecret = FakeZohoCampaigns.ClientSecret,
            RefreshToken = FakeZohoCampaigns.RefreshToken,
        },
    };

    internal static CreateConnectionRequest Mailchimp(string name, string dataCentre, string apiKey) => new()
    {
        Connection = new PluginConnection { Vendor = PluginVendor.Mailchimp, Name = name, DataCentre = dataCentre },
        Mailchimp = new MailchimpCredentials { ApiKey = apiKey, WebhookSecret = "mc-webhook-secret-3f9a" },
    };

    private async Task<PluginsService.PluginsServiceClient> NewOrgAsync()
    {
        var org = await fixture.Server.CreateOrganisationAsync($"Plugins {Guid.NewGuid():N}");
        return new PluginsService.PluginsServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
    }
}

[Trait("Store", "Sqlite")]
public sealed class PluginsServiceSqliteTests(SqlitePluginsServerFixture f) : PluginsServiceTests(f), IClassFixture<SqlitePluginsServerFixture>;

[Trait("Store", "Mongo")]
public sealed class PluginsServiceMongoTests(MongoPluginsServerFixture f) : PluginsServiceTests(f), IClassFixture<MongoPluginsServerFixture>;
