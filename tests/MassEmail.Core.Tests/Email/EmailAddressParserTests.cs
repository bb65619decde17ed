using System.Globalization;
using MassEmail.Core.Email;

namespace MassEmail.Core.Tests.Email;

/// <summary>Addresses real recruiting data contains, and how each must be classified.</summary>
public sealed class EmailAddressParserTests
{
    [Theory]
    [InlineData("ada@example.com", "ada@example.com")]
    [InlineData("Ada.Lovelace@Example.COM", "Ada.Lovelace@example.com")]
    [InlineData("  ada@example.com  ", "ada@example.com")]
    [InlineData("ada+jobs@example.com", "ada+jobs@example.com")]
    [InlineData("first.middle.last@sub.domain.example.org", "first.middle.last@sub.domain.example.org")]
    [InlineData("o'brien@example.ie", "o'brien@example.ie")]
    [InlineData("user_name-1@example-domain.co.uk", "user_name-1@example-domain.co.uk")]
    [InlineData("x@example.museum", "x@example.museum")]
    [InlineData("a@b.co", "a@b.co")]
    [InlineData("\"john doe\"@example.com", "\"john doe\"@example.com")]
    [InlineData("\"a@b\"@example.com", "\"a@b\"@example.com")]
    [InlineData("\"quote\\\"inside\"@example.com", "\"quote\\\"inside\"@example.com")]
    [InlineData("jürgen@müller.de", "jürgen@müller.de")]
    [InlineData("info@MÜLLER.de", "info@müller.de")]
    [InlineData("用户@例子.广告", "用户@例子.广告")]
    [InlineData("test@xn--mller-kva.de", "test@müller.de")]
    [InlineData("!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com")]
    [InlineData("1234567890@example.com", "1234567890@example.com")]
    [InlineData("a@123.example", "a@123.example")]
    [InlineData("a@x-y.example", "a@x-y.example")]
    public void TryNormalize_ValidAddress_IsAcceptedAndNormalised(string input, string expected)
    {
        Assert.True(EmailAddressParser.TryNormalize(input, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("plainaddress", "local@domain")]
    [InlineData("@example.com", "local@domain")]
    [InlineData("ada@", "local@domain")]
    [InlineData("ada@example", "without a dot")]
    [InlineData("ada@localhost", "without a dot")]
    [InlineData("ada@example.com.", "misplaced dot")]
    [InlineData("ada@.example.com", "misplaced dot")]
    [InlineData("ada@example..com", "misplaced dot")]
    [InlineData(".ada@example.com", "misplaced dot")]
    [InlineData("ada.@example.com", "misplaced dot")]
    [InlineData("ad..a@example.com", "misplaced dot")]
    [InlineData("ada lovelace@example.com", "space")]
    [InlineData("ada@exa mple.com", "invalid domain")]
    [InlineData("ada@example.com\r\nBcc: x@example.com", "line break")]
    [InlineData("ada@example.com\n", "line break")]
    [InlineData("ada@-example.com", "domain")]
    [InlineData("ada@example-.com", "domain")]
    [InlineData("ada@example.123", "numeric top-level")]
    [InlineData("ada@exam_ple.com", "domain")]
    [InlineData("ada@ab--cd.example", "invalid domain")]
    [InlineData("ada@xn--zz.example", "invalid domain")]
    [InlineData("a(comment)@example.com", "character")]
    [InlineData("a,b@example.com", "character")]
    [InlineData("a<b>@example.com", "character")]
    [InlineData("\"unterminated@example.com", "character")]
    [InlineData("\"bad\"quote\"@example.com", "quoted")]
    public void TryNormalize_InvalidAddress_IsRefusedWithReason(string input, string reasonFragment)
    {
        Assert.False(EmailAddressParser.TryNormalize(input, out _, out var error));
        Assert.Contains(reasonFragment, error);
    }

    [Fact]
    public void TryNormalize_LocalPartOver64Bytes_IsRefused()
    {
        Assert.False(EmailAddressParser.TryNormalize(new string('a', 65) + "@example.com", out _, out var error));
        Assert.Contains("64", error);
    }

    [Fact]
    public void TryNormalize_AddressOver254Bytes_IsRefused()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com";
        Assert.False(EmailAddressParser.TryNormalize(new string('a', 10) + "@" + domain, out _, out var error));
        Assert.Contains("25", error);
    }

    [Fact]
    public void DuplicateKey_DiffersOnlyInCase_IsEqual()
    {
        Assert.True(EmailAddressParser.TryNormalize("Ada@Example.com", out var a, out _));
        Assert.True(EmailAddressParser.TryNormalize("ada@EXAMPLE.COM", out var b, out _));
        Assert.Equal(EmailAddressParser.DuplicateKey(a), EmailAddressParser.DuplicateKey(b));
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("Example.COM")]
    [InlineData("sub.domain.example.org")]
    [InlineData("example-domain.co.uk")]
    [InlineData("b.co")]
    [InlineData("123.example")]
    [InlineData("example.123")]
    [InlineData("x-y.example")]
    [InlineData("a-b--c.example")]
    [InlineData("a.b.c.d.e.f.g")]
    public void IsPlainAsciiDomain_PlainName_IdnMappingWouldOnlyLowerCaseIt(string domain)
    {
        Assert.True(EmailAddressParser.IsPlainAsciiDomain(domain));
        AssertIdnMappingOnlyLowerCases(domain);
    }

    [Theory]
    [InlineData("müller.de")]
    [InlineData("xn--mller-kva.de")]
    [InlineData("XN--MLLER-KVA.de")]
    [InlineData("example.xn--p1ai")]
    [InlineData("ab--cd.example")]
    [InlineData("-example.com")]
    [InlineData("example-.com")]
    [InlineData("exam_ple.com")]
    [InlineData("exa mple.com")]
    [InlineData("example..com")]
    [InlineData(".example.com")]
    [InlineData("例子.广告")]
    public void IsPlainAsciiDomain_OtherName_IsLeftToIdnMapping(string domain)
    {
        Assert.False(EmailAddressParser.IsPlainAsciiDomain(domain));
    }

    [Fact]
    public void IsPlainAsciiDomain_LengthLimits_AreIdnMappings()
    {
        var label63 = new string('a', 63);
        Assert.True(EmailAddressParser.IsPlainAsciiDomain(label63 + ".com"));
        AssertIdnMappingOnlyLowerCases(label63 + ".com");
        Assert.False(EmailAddressParser.IsPlainAsciiDomain(new string('a', 64) + ".com"));

        var name253 = string.Join('.', Enumerable.Repeat(new string('d', 49), 5)) + ".abc";
        Assert.Equal(253, name253.Length);
        Assert.True(EmailAddressParser.IsPlainAsciiDomain(name253));
        AssertIdnMappingOnlyLowerCases(name253);
        Assert.False(EmailAddressParser.IsPlainAsciiDomain(name253 + "d"));
    }

    [Fact]
    public void IsPlainAsciiDomain_RandomAsciiNames_TrueOnlyWhereIdnMappingWouldOnlyLowerCase()
    {
        const string alphabet = "aZ9-._xn";
        var random = new Random(20261126);
        var plain = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var chars = new char[random.Next(1, 16)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var domain = new string(chars);
            if (EmailAddressParser.IsPlainAsciiDomain(domain))
            {
                plain++;
                AssertIdnMappingOnlyLowerCases(domain);
            }
        }

        Assert.True(plain > 1000, $"only {plain} plain names were generated");
    }

    /// <summary>What the parser's IdnMapping path makes of <paramref name="domain"/>: the same name up to case.</summary>
    private static void AssertIdnMappingOnlyLowerCases(string domain)
    {
        var idn = new IdnMapping { AllowUnassigned = false, UseStd3AsciiRules = true };
        var ascii = idn.GetAscii(domain);
        Assert.Equal(domain, ascii, ignoreCase: true);
        Assert.Equal(domain.ToLowerInvariant(), idn.GetUnicode(ascii).ToLowerInvariant());
    }
}
