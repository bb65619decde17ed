using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Auth;

/// <summary>
/// Names that can reach mail headers (a user's name is the From display name of "your account", the
/// organisation's name that of "the organisation") refuse CR, LF and other control characters, as
/// template names and addresses do; so do API key names. The field path is the request's.
/// </summary>
public abstract class AdminNamesTests(ServerFixture fixture)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "user.first_name", "Ada\r\nBcc: victim@example.com" },
        { "user.last_name", "Lovelace\nX-Injected: 1" },
        { "user.first_name", "Ada\u0000" + "Bcc" },
        { "name", "ATS\r\nproduction" },
        { "organisation.name", "Acme\r\nBcc: victim@example.com" },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task AdminWrite_NameWithLineBreakOrControl_IsInvalidArgumentWithFieldPath_AndNothingChanges(string field, string value)
    {
        var org = await fixture.Server.CreateOrganisationAsync("Names Org");
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var before = await SnapshotAsync(admin);

        Func<Task> call = field switch
        {
            "user.first_name" => () => admin.CreateUserAsync(new CreateUserRequest { User = new User { Email = "n@names.example", FirstName = value, Active = true } }).ResponseAsync,
            "user.last_name" => () => admin.CreateUserAsync(new CreateUserRequest { User = new User { Email = "n@names.example", LastName = value, Active = true } }).ResponseAsync,
            "name" => () => admin.CreateApiKeyAsync(new CreateApiKeyRequest { UserId = org.Admin.Id, Name = value, Permissions = { Permission.TemplatesRead } }).ResponseAsync,
            _ => () => admin.UpdateOrganisationAsync(new UpdateOrganisationRequest
            {
                Organisation = new Organisation { Name = value, Email = "office@names.example" },
            }).ResponseAsync,
        };

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, call);

        Assert.Equal([field], e.ViolatedFields());
        Assert.Equal(before, await SnapshotAsync(admin));
    }

    [SkippableFact]
    public async Task CreateUser_InvalidEmail_NamesTheFieldUnderUser()
    {
        var org = await fixture.Server.CreateOrganisationAsync("Names Email Org");
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument,
            () => admin.CreateUserAsync(new CreateUserRequest { User = new User { Email = "not an address", FirstName = "Ada" } }));

        Assert.Equal(["user.email"], e.ViolatedFields());
    }

    private static async Task<string> SnapshotAsync(AdminService.AdminServiceClient admin) => string.Join(
        "\n",
        await admin.GetOrganisationAsync(new GetOrganisationRequest()),
        await admin.ListUsersAsync(new ListUsersRequest()),
        await admin.ListApiKeysAsync(new ListApiKeysRequest()));
}

[Trait("Store", "Sqlite")]
public sealed class AdminNamesSqliteTests(SqliteServerFixture f) : AdminNamesTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class AdminNamesMongoTests(MongoServerFixture f) : AdminNamesTests(f), IClassFixture<MongoServerFixture>;
