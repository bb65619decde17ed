using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts;

/// <summary>Shared helpers of the contract classes: the store under test and fresh organisations in it.</summary>
public abstract class StoreContract(StoreFixture fixture)
{
    protected StoreFixture Fixture { get; } = fixture;

    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>A store service; skips the test when the adapter is unavailable here.</summary>
    protected T Store<T>()
        where T : notnull => Fixture.Store.Get<T>();

    /// <summary>Creates an organisation: every row belongs to one, and SQLite enforces that.</summary>
    protected async Task<string> NewOrgAsync()
    {
        Organisation org = TestData.Organisation();
        await Store<IOrganisationStore>().CreateAsync(org, Ct);
        return org.Id;
    }

    protected async Task<User> NewUserAsync(string orgId, bool active = true)
    {
        User user = TestData.User(orgId, active);
        await Store<IUserStore>().CreateAsync(user, Ct);
        return user;
    }
}
