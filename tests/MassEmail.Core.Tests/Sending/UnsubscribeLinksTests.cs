using System.Security.Cryptography;
using MassEmail.Core.Sending;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Tests.Sending;

public sealed class UnsubscribeLinksTests
{
    private const string Org = "0123456789abcdef01234567", Record = "89abcdef0123456789abcdef", Send = "fedcba9876543210fedcba98";
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Token_ReadBack_NamesTheOrganisationRecordAndSend()
    {
        var links = Links(Key);

        var token = links.Token(Org, Record, Send);

        Assert.True(links.TryRead(token, out var target));
        Assert.Equal((Org, Record, Send), target);
        Assert.StartsWith("k1.", token, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_SameInputsAndKey_IsTheSameAcrossInstancesAndThreads()
    {
        var expected = Links(Key).Token(Org, Record, Send);
        var links = Links(Key);

        var tokens = new string[64];
        Parallel.For(0, tokens.Length, i => tokens[i] = links.Token(Org, Record, Send));

        Assert.All(tokens, t => Assert.Equal(expected, t));
    }

    [Fact]
    public void TryRead_TamperedOrForeignTokens_AreRefused()
    {
        var links = Links(Key);
        var token = links.Token(Org, Record, Send);
        var parts = token.Split('.');
        var otherRecord = links.Token(Org, Send, Record).Split('.')[1];

        Assert.False(links.TryRead(Links(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Token(Org, Record, Send), out _));
        Assert.False(links.TryRead($"{parts[0]}.{otherRecord}.{parts[2]}", out _));
        Assert.False(links.TryRead($"k2.{parts[1]}.{parts[2]}", out _));
        Assert.False(links.TryRead($"{parts[0]}.{parts[1]}.{parts[2][..^1]}", out _));
        Assert.False(links.TryRead(token + ".x", out _));
        Assert.False(links.TryRead($"k1.{new string('A', 1_000_000)}.{parts[2]}", out _));
        Assert.False(links.TryRead("", out _));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456")]
    [InlineData("0123456789abcdef012345678")]
    [InlineData("0123456789abcdef0123456g")]
    public void Token_IdThatIsNot24HexDigits_Throws(string id) =>
        Assert.Throws<FormatException>(() => Links(Key).Token(Org, id, Send));

    private static UnsubscribeLinks Links(string key) => new(Options.Create(new SendingOptions { UnsubscribeKey = key }), Options.Create(new MassEmail.Core.OptOut.PublicOptions()));
}
