using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MassEmail.Core.Errors;
using MassEmail.Core.OptOut;
using MassEmail.Core.Sending;
using MassEmail.Core.Tests.OptOut;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Tests.Sending;

/// <summary>Issue 12 item 2: tokens name organisation, record, send and list, are signed by the stored key ring, and survive rotation.</summary>
public sealed class UnsubscribeLinksTests
{
    private const string Org = "0123456789abcdef01234567", Record = "89abcdef0123456789abcdef", Send = "fedcba9876543210fedcba98";
    private const string List = "00112233445566778899aabb";
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Token_ReadBack_NamesTheOrganisationRecordAndSend()
    {
        var links = await LinksAsync(new MemorySigningKeyStore());

        var token = links.Token(Org, Record, Send);

        Assert.True(links.TryRead(token, out var target));
        Assert.Equal(new UnsubscribeTarget(Org, Record, Send, null), target);
        Assert.StartsWith("k1.", token, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(List)]
    public async Task Token_IsKeyIdPayloadAndTheFirst16BytesOfItsHmacSha256_AsLinksAlreadySentCarryThem(string? list)
    {
        var store = new MemorySigningKeyStore();
        var links = await LinksAsync(store);
        var key = (await store.GetAsync(Ct))!.Current;
        var payload = Base64Url.EncodeToString(Convert.FromHexString(Org + Record + Send + list));
        var mac = HMACSHA256.HashData(Convert.FromBase64String(key.Secret), Encoding.ASCII.GetBytes($"{key.Id}.{payload}"));

        var link = links.Link(Org, Record, Send, list);

        Assert.Equal($"{key.Id}.{payload}.{Base64Url.EncodeToString(mac.AsSpan(0, 16))}", link.Token);
        Assert.Equal(links.Token(Org, Record, Send, list), link.Token);
        Assert.Equal($"https://mail.example.com/unsubscribe/{link.Token}", link.Url);
        Assert.Equal($"<{link.Url}>", Assert.Single(links.Headers(link), h => h.Name == "List-Unsubscribe").Value);
    }

    [Fact]
    public async Task Token_SendToList_NamesTheList()
    {
        var links = await LinksAsync(new MemorySigningKeyStore());

        Assert.True(links.TryRead(links.Token(Org, Record, Send, List), out var target));

        Assert.Equal(new UnsubscribeTarget(Org, Record, Send, List), target);
    }

    [Fact]
    public async Task Token_TwoInstancesOnOneStore_SignAlikeAcrossThreads()
    {
        var store = new MemorySigningKeyStore();
        var expected = (await LinksAsync(store)).Token(Org, Record, Send);
        var links = await LinksAsync(store);

        var tokens = new string[64];
        Parallel.For(0, tokens.Length, i => tokens[i] = links.Token(Org, Record, Send));

        Assert.All(tokens, t => Assert.Equal(expected, t));
    }

    [Fact]
    public async Task TryRead_ForgedTamperedTruncatedOrForeignTokens_AreRefused()
    {
        var links = await LinksAsync(new MemorySigningKeyStore());
        var token = links.Token(Org, Record, Send);
        var parts = token.Split('.');
        var otherRecord = links.Token(Org, Send, Record).Split('.')[1];
        var foreign = (await LinksAsync(new MemorySigningKeyStore())).Token(Org, Record, Send);

        Assert.False(links.TryRead(foreign, out _));
        Assert.False(links.TryRead($"{parts[0]}.{otherRecord}.{parts[2]}", out _));
        Assert.False(links.TryRead($"k2.{parts[1]}.{parts[2]}", out _));
        Assert.False(links.TryRead($"{parts[0]}.{parts[1]}.{parts[2][..^1]}", out _));
        Assert.False(links.TryRead(token[..^5], out _));
        Assert.False(links.TryRead(token + ".x", out _));
        Assert.False(links.TryRead($"k1.{new string('A', 1_000_000)}.{parts[2]}", out _));
        Assert.False(links.TryRead("", out _));
    }

    [Fact]
    public async Task Rotate_NewKeySignsAndOldLinksStillRead_UntilRetired()
    {
        var store = new MemorySigningKeyStore();
        var keys = Keys(store);
        await keys.LoadAsync(Ct);
        var links = Links(keys);
        var before = links.Token(Org, Record, Send);

        await keys.RotateAsync(Ct);
        var after = links.Token(Org, Record, Send);

        Assert.StartsWith("k2.", after, StringComparison.Ordinal);
        Assert.True(links.TryRead(before, out _));
        Assert.True(links.TryRead(after, out _));
        await keys.RetireAsync("k1", Ct);
        Assert.False(links.TryRead(before, out _));
        Assert.True(links.TryRead(after, out _));
    }

    [Fact]
    public async Task Retire_SigningKey_RefusedAndRingUnchanged()
    {
        var store = new MemorySigningKeyStore();
        var keys = Keys(store);
        var ring = await keys.LoadAsync(Ct);

        var e = await Assert.ThrowsAsync<PreconditionFailedException>(() => keys.RetireAsync("k1", Ct));

        Assert.Equal("CURRENT_UNSUBSCRIBE_KEY", e.Type);
        Assert.Equal(ring, await store.GetAsync(Ct));
    }

    [Fact]
    public async Task ReadAsync_KeyRotatedByAnotherInstance_ReadsTheRingAgainAndAccepts()
    {
        var store = new MemorySigningKeyStore();
        var stale = await LinksAsync(store);
        var otherKeys = Keys(store);
        await otherKeys.LoadAsync(Ct);
        await otherKeys.RotateAsync(Ct);
        var token = Links(otherKeys).Token(Org, Record, Send);

        Assert.False(stale.TryRead(token, out _));
        Assert.Equal(new UnsubscribeTarget(Org, Record, Send, null), await stale.ReadAsync(token, Ct));
        Assert.StartsWith("k2.", stale.Token(Org, Record, Send), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_EmptyStoreWithConfiguredKey_KeepsLinksOfTheConfiguredKey()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var options = new SendingOptions { UnsubscribeKey = secret, UnsubscribeKeyId = "old" };
        var keys = new UnsubscribeKeys(new MemorySigningKeyStore(), Options.Create(options), TimeProvider.System);

        var ring = await keys.LoadAsync(Ct);

        Assert.Equal(new SigningKey("old", secret, ring.Current.CreatedAt, null), Assert.Single(ring.Keys));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456")]
    [InlineData("0123456789abcdef012345678")]
    [InlineData("0123456789abcdef0123456g")]
    public async Task Token_IdThatIsNot24HexDigits_Throws(string id)
    {
        var links = await LinksAsync(new MemorySigningKeyStore());

        Assert.Throws<FormatException>(() => links.Token(Org, id, Send));
    }

    private static UnsubscribeKeys Keys(ISigningKeyStore store) => new(store, Options.Create(new SendingOptions()), TimeProvider.System);

    private static UnsubscribeLinks Links(UnsubscribeKeys keys) =>
        new(keys, Options.Create(new SendingOptions()), Options.Create(new PublicOptions { BaseUrl = "https://mail.example.com" }));

    private static async Task<UnsubscribeLinks> LinksAsync(ISigningKeyStore store)
    {
        var keys = Keys(store);
        await keys.LoadAsync(Ct);
        return Links(keys);
    }
}
