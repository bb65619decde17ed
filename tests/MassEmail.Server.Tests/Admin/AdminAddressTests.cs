using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Errors;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using CoreTenancy = MassEmail.Core.Tenancy;

namespace MassEmail.Server.Tests.Admin;

/// <summary>
/// Organisation and user addresses and the names that become From display names: invisible and
/// direction-changing characters are refused with the field path, and nothing is stored.
/// </summary>
public abstract class AdminAddressTests(ServerFixture fixture)
{
    public static TheoryData<string, string, string, string> BadUsers => new()
    {
        { "zero-width space in email", "ada@exam\u200bple.com", "Ada", "email" },
        { "byte order mark in email", "\uFEFFada@example.com", "Ada", "email" },
        { "zero-width joiner in email", "ad\u200Da@example.com", "Ada", "email" },
        { "word joiner in email", "ada@exa\u2060mple.com", "Ada", "email" },
        { "non-ASCII local part", "adä@example.com", "Ada", "email" },
        { "right-to-left override in first name", "ada@example.com", "Ada \u202Emoc.live", "first_name" },
        { "first strong isolate in first name", "ada@example.com", "\u2068Ada", "first_name" },
        { "line break in first name", "ada@example.com", "Ada\r\nBcc: x@example.com", "first_name" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadUsers))]
    public async Task CreateUser_InvisibleOrHeaderBreakingCharacter_IsInvalidArgumentWithField(string name, string email, string firstName, string field)
    {
        var org = await fixture.Server.CreateOrganisationAsync("Admin Address Org " + name);
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => admin.CreateUserAsync(new CreateUserRequest
        {
            User = new User { Email = email, FirstName = firstName, LastName = "Lovelace", Active = true },
        }));

        Assert.Equal(["user." + field], e.ViolatedFields());
        Assert.Single((await admin.ListUsersAsync(new ListUsersRequest())).Users);
    }

    [SkippableTheory]
    [InlineData("office@exam\u200bple.com", "Acme", "email")]
    [InlineData("office@exam\u00ADple.com", "Acme", "email")]
    [InlineData("office@example.com\u202C", "Acme", "email")]
    [InlineData("office@example.com", "Acme \u202Emoc.evil", "name")]
    [InlineData("office@example.com", "Acme \u200E", "name")]
    public async Task UpdateOrganisation_InvisibleOrDirectionCharacter_IsInvalidArgumentWithField(string email, string name, string field)
    {
        var org = await fixture.Server.CreateOrganisationAsync("Org Address Org");
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));
        var before = (await admin.GetOrganisationAsync(new GetOrganisationRequest())).Organisation;
        var changed = before.Clone();
        changed.Email = email;
        changed.Name = name;

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => admin.UpdateOrganisationAsync(new UpdateOrganisationRequest { Organisation = changed }));

        Assert.Equal(["organisation." + field], e.ViolatedFields());
        Assert.Equal(before, (await admin.GetOrganisationAsync(new GetOrganisationRequest())).Organisation);
    }

    [SkippableFact]
    public async Task CreateUser_ZeroWidthJoinerInName_IsAccepted()
    {
        // Joiners are part of how Persian and Indic names and emoji are spelt, and cannot reorder or hide text.
        var org = await fixture.Server.CreateOrganisationAsync("Joiner Org");
        var admin = new AdminService.AdminServiceClient(fixture.Server.Invoker(org.AdminKey.Secret));

        var user = (await admin.CreateUserAsync(new CreateUserRequest
        {
            User = new User { Email = "mehr@example.com", FirstName = "مهر\u200Cنوش", LastName = "Lovelace", Active = true },
        })).User;

        Assert.Equal("مهر\u200Cنوش", user.FirstName);
    }

    [SkippableFact]
    public async Task CreateOrganisation_InvisibleCharacterInAdminEmail_IsRefusedWithField()
    {
        var provisioning = fixture.Server.Services.GetRequiredService<CoreTenancy.Provisioning>();

        var e = await Assert.ThrowsAsync<ValidationException>(() => provisioning.CreateOrganisationAsync(
            new CoreTenancy.NewOrganisation("Cf Org", CoreTenancy.Edition.Professional, "office@example.com", CoreTenancy.PostalAddress.Empty, null,
                "admin@exam\u200bple.com", "Ada", "Admin"),
            CancellationToken.None));

        Assert.Equal(["admin_email"], e.Violations.Select(v => v.Field));
    }
}

[Trait("Store", "Sqlite")]
public sealed class AdminAddressSqliteTests(SqliteServerFixture f) : AdminAddressTests(f), IClassFixture<SqliteServerFixture>;

[Trait("Store", "Mongo")]
public sealed class AdminAddressMongoTests(MongoServerFixture f) : AdminAddressTests(f), IClassFixture<MongoServerFixture>;
