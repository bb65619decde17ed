using System.Text;
using MassEmail.Core.Secrets;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Secrets;

/// <summary>
/// What every <see cref="IDataProtectionKeyStore"/> must do: keep every element it was given, byte for byte, for every
/// instance on the store and across restarts, never merging two elements that share a friendly name. The ring belongs to
/// the service, not to an organisation, so each test opens a fresh store.
/// </summary>
public abstract class DataProtectionKeyStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    [SkippableFact]
    public async Task ListAllAsync_EmptyStore_Empty()
    {
        await using var store = await FreshAsync();

        Assert.Empty(await store.Get<IDataProtectionKeyStore>().ListAllAsync(Ct));
    }

    [SkippableFact]
    public async Task AddAsync_TwoElements_BothListedWithNameAndXmlUnchanged()
    {
        await using var store = await FreshAsync();
        var keys = store.Get<IDataProtectionKeyStore>();
        var key = Element("key-1f0e5c1e-0d4b-4d8a-9a55-0b8e5c1e0d4b");
        var revocation = new KeyElement("revocation-20270104T090000Z", "<revocation version=\"1\"><revocationDate>2027-01-04T09:00:00Z</revocationDate><reason>test – “quoted” ünïcode</reason></revocation>");

        await keys.AddAsync(key, Ct);
        await keys.AddAsync(revocation, Ct);

        Assert.Equal([key, revocation], (await keys.ListAllAsync(Ct)).OrderBy(e => e.FriendlyName, StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task AddAsync_SameFriendlyNameTwice_BothKept()
    {
        await using var store = await FreshAsync();
        var keys = store.Get<IDataProtectionKeyStore>();
        var first = new KeyElement("revocation-20270104T090000Z", "<revocation version=\"1\"><reason>first</reason></revocation>");
        var second = first with { Xml = "<revocation version=\"1\"><reason>second</reason></revocation>" };

        await keys.AddAsync(first, Ct);
        await keys.AddAsync(second, Ct);
        await keys.AddAsync(second, Ct);

        var listed = await keys.ListAllAsync(Ct);
        Assert.Equal(3, listed.Count);
        Assert.Equal(1, listed.Count(e => e == first));
        Assert.Equal(2, listed.Count(e => e == second));
    }

    [SkippableFact]
    public async Task AddAsync_LargeElement_ReadBackWhole()
    {
        await using var store = await FreshAsync();
        var keys = store.Get<IDataProtectionKeyStore>();
        // Far beyond a real key (about 1 KB), e.g. one wrapped by a certificate with a long chain: 1 MB of text.
        var body = new StringBuilder();
        while (body.Length < 1_000_000)
        {
            body.Append("<part>AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=ä€</part>");
        }

        var large = new KeyElement("key-large", $"<key version=\"1\">{body}</key>");

        await keys.AddAsync(large, Ct);

        Assert.Equal(large, Assert.Single(await keys.ListAllAsync(Ct)));
    }

    [SkippableFact]
    public async Task AddAsync_ThenReopened_ElementsStillThere()
    {
        await using var store = await FreshAsync();
        var key = Element("key-a");
        await store.Get<IDataProtectionKeyStore>().AddAsync(key, Ct);

        await using var restarted = store.Reopen();

        Assert.Equal(key, Assert.Single(await restarted.Get<IDataProtectionKeyStore>().ListAllAsync(Ct)));
    }

    [SkippableFact]
    public async Task AddAsync_TwoInstancesAtOnce_EachSeesEveryElement()
    {
        // One ring for the whole service: no organisation, no instance owns an element.
        await using var store = await FreshAsync();
        await using var other = store.Reopen();
        var mine = Enumerable.Range(0, 10).Select(i => Element($"key-a{i}")).ToList();
        var theirs = Enumerable.Range(0, 10).Select(i => Element($"key-b{i}")).ToList();

        await Task.WhenAll(
            Task.Run(async () => { foreach (var e in mine) { await store.Get<IDataProtectionKeyStore>().AddAsync(e, Ct); } }),
            Task.Run(async () => { foreach (var e in theirs) { await other.Get<IDataProtectionKeyStore>().AddAsync(e, Ct); } }));

        var all = mine.Concat(theirs).OrderBy(e => e.FriendlyName, StringComparer.Ordinal).ToList();
        Assert.Equal(all, (await store.Get<IDataProtectionKeyStore>().ListAllAsync(Ct)).OrderBy(e => e.FriendlyName, StringComparer.Ordinal));
        Assert.Equal(all, (await other.Get<IDataProtectionKeyStore>().ListAllAsync(Ct)).OrderBy(e => e.FriendlyName, StringComparer.Ordinal));
    }

    private static KeyElement Element(string friendlyName) =>
        new(friendlyName, $"<key id=\"{Guid.NewGuid()}\" version=\"1\"><creationDate>2027-01-04T09:00:00Z</creationDate><descriptor><masterKey>{Convert.ToBase64String(Guid.NewGuid().ToByteArray())}</masterKey></descriptor></key>");

    private async Task<StoreInstance> FreshAsync()
    {
        var store = await Fixture.OpenFreshAsync();
        await store.InitializeAsync();
        return store;
    }
}
