using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Auth;

/// <summary>Only a valid, unrevoked key of an active user gets in; the key's permissions are enforced.</summary>
public abstract class AuthenticationTests(ServerFixture fixture)
{
    private static readonly ListTemplatesRequest AnyRead = new();

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("mek_000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AnyCall_MissingOrUnknownKey_IsUnauthenticated(string? key)
    {
        var client = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(key));
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => client.ListTemplatesAsync(AnyRead));
    }

    [SkippableFact]
    public async Task AnyCall_RightKeyIdWrongSecret_IsUnauthenticated()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Auth Org 1");
        var secret = org.AdminKey.Secret;
        var tampered = secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A');
        var client = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(tampered));
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => client.ListTemplatesAsync(AnyRead));
    }

    [SkippableFact]
    public async Task AnyCall_RevokedKey_IsUnauthenticated()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Auth Org 2");
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var second = await admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            UserId = org.Admin.Id,
            Name = "to revoke",
            Permissions = { Permission.TemplatesRead },
        });
        var client = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(second.Secret));
        await client.ListTemplatesAsync(AnyRead);

        var revoked = await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = second.ApiKey.Id });
        Assert.NotNull(revoked.ApiKey.RevokeTime);
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => client.ListTemplatesAsync(AnyRead));
    }

    [SkippableFact]
    public async Task AnyCall_InactiveUser_IsUnauthenticatedUntilReactivated()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Auth Org 3");
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var user = (await admin.CreateUserAsync(new CreateUserRequest
        {
            User = new User { Email = "recruiter@example.com", FirstName = "Rae", Active = true },
        })).User;
        var key = await admin.CreateApiKeyAsync(new CreateApiKeyRequest { UserId = user.Id, Name = "rae", Permissions = { Permission.TemplatesRead } });
        var client = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(key.Secret));

        await admin.SetUserActiveAsync(new SetUserActiveRequest { UserId = user.Id, Active = false });
        await RpcAssert.Fails(StatusCode.Unauthenticated, () => client.ListTemplatesAsync(AnyRead));

        await admin.SetUserActiveAsync(new SetUserActiveRequest { UserId = user.Id, Active = true });
        await client.ListTemplatesAsync(AnyRead);
    }

    [SkippableFact]
    public async Task Calls_KeyWithoutPermission_ArePermissionDenied()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Auth Org 4");
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var readOnly = await admin.CreateApiKeyAsync(new CreateApiKeyRequest
        {
            UserId = org.Admin.Id,
            Name = "read only",
            Permissions = { Permission.TemplatesRead },
        });
        var templates = new TemplatesService.TemplatesServiceClient(fixture.Server.Invoker(readOnly.Secret));
        var asReader = new AdminService.AdminServiceClient(fixture.Server.Invoker(readOnly.Secret));

        await templates.ListTemplatesAsync(AnyRead);
        var denied = await RpcAssert.Fails(StatusCode.PermissionDenied, () => templates.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "n", Subject = "s", HtmlBody = "b" },
        }));
        Assert.Equal("MISSING_PERMISSION", denied.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>()!.Reason);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () => asReader.ListUsersAsync(new ListUsersRequest()));
        Assert.Empty((await templates.ListTemplatesAsync(AnyRead)).Templates);
    }
}

[Trait("Store", "Sqlite")]
public sealed class AuthenticationSqliteTests(SqliteServerFixture f) : AuthenticationTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class AuthenticationMongoTests(MongoServerFixture f) : AuthenticationTests(f), IClassFixture<MongoServerFixture>;
