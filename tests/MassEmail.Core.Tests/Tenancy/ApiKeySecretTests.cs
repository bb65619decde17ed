using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Tests.Tenancy;

public sealed class ApiKeySecretTests
{
    [Fact]
    public void Create_ThenParse_YieldsKeyIdAndMatchingHash()
    {
        var id = Ids.New();
        var (secret, hash) = ApiKeySecret.Create(id);

        Assert.True(ApiKeySecret.TryParse(secret, out var keyId, out var random));
        Assert.Equal(id, keyId);
        Assert.True(ApiKeySecret.Matches(random, hash));
        Assert.DoesNotContain(Convert.ToBase64String(hash), secret);
    }

    [Fact]
    public void Matches_OtherSecretOfSameKeyId_IsFalse()
    {
        var id = Ids.New();
        var (_, hash) = ApiKeySecret.Create(id);
        var (other, _) = ApiKeySecret.Create(id);
        Assert.True(ApiKeySecret.TryParse(other, out _, out var random));
        Assert.False(ApiKeySecret.Matches(random, hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer x")]
    [InlineData("mek_")]
    [InlineData("mek_ZZZZZZZZZZZZZZZZZZZZZZZZ_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("mek_000000000000000000000000-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("mek_000000000000000000000000_AAAA")]
    public void TryParse_MalformedSecret_IsFalse(string secret) =>
        Assert.False(ApiKeySecret.TryParse(secret, out _, out _));
}
