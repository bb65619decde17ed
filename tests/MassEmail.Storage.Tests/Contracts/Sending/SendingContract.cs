using MassEmail.Core.Sending;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Sending;

/// <summary>
/// Helpers of the sending contracts. Workers' operations span every organisation (snapshot claims,
/// sending lists, lease expiry), so their tests run on a fresh store where no other test's rows can answer.
/// </summary>
public abstract class SendingContract(StoreFixture fixture) : StoreContract(fixture)
{
    protected IMassSendStore Sends => Store<IMassSendStore>();

    protected IDeliveryStore Deliveries => Store<IDeliveryStore>();

    /// <summary>A new, initialised, empty store; the caller disposes it.</summary>
    protected async Task<StoreInstance> OpenInitializedAsync()
    {
        StoreInstance store = await Fixture.OpenFreshAsync();
        await store.InitializeAsync();
        return store;
    }

    /// <summary>Stores a send (of a new organisation unless <paramref name="orgId"/> is given) in the shared store.</summary>
    protected Task<MassSend> InsertSendAsync(string? orgId = null, Func<MassSend, MassSend>? change = null) =>
        InsertSendAsync(Fixture.Store, orgId, change);

    /// <summary>Stores a send in <paramref name="store"/>, with its organisation and creator, and checks it went in.</summary>
    protected static async Task<MassSend> InsertSendAsync(StoreInstance store, string? orgId = null, Func<MassSend, MassSend>? change = null)
    {
        if (orgId is null)
        {
            Organisation org = TestData.Organisation();
            await store.Get<IOrganisationStore>().CreateAsync(org, Ct);
            orgId = org.Id;
        }

        User user = TestData.User(orgId);
        await store.Get<IUserStore>().CreateAsync(user, Ct);
        MassSend send = SendingData.Send(orgId, user.Id);
        send = change?.Invoke(send) ?? send;

        Assert.Equal(send, await store.Get<IMassSendStore>().InsertOrGetAsync(send, Ct));
        return send;
    }
}
