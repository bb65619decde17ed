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
    [InlineData("juergen@müller.de", "juergen@müller.de")]
    [InlineData("info@MÜLLER.de", "info@müller.de")]
    [InlineData("user@例子.广告", "user@例子.广告")]
    [InlineData("user@bücher.example", "user@bücher.example")]
    [InlineData("test@xn--mller-kva.de", "test@müller.de")]
    [InlineData("!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com")]
    [InlineData("1234567890@example.com", "1234567890@example.com")]
    [InlineData("a@123.example", "a@123.example")]
    [InlineData("a@x-y.example", "a@x-y.example")]
    public void TryNormalize_ValidAddress_IsAcceptedAndNormalised(string input, string expected)
    {
        Assert.True(EmailAddressParser.TryNormalize(input, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
        Assert.True(EmailAddressParser.IsValid(input, out var check), check);
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
    [InlineData("jürgen@müller.de", "local part that is not ASCII: SES cannot deliver to it (no SMTPUTF8)")]
    [InlineData("用户@例子.广告", "local part that is not ASCII")]
    [InlineData("\"jür gen\"@example.com", "local part that is not ASCII")]
    [InlineData("ａda@example.com", "local part that is not ASCII")]
    public void TryNormalize_InvalidAddress_IsRefusedWithReason(string input, string reasonFragment)
    {
        Assert.False(EmailAddressParser.TryNormalize(input, out _, out var error));
        Assert.Contains(reasonFragment, error);
        Assert.False(EmailAddressParser.IsValid(input, out var check));
        Assert.Equal(error, check);
    }

    [Fact]
    public void IsValid_RandomAddresses_AgreesWithTryNormalizeAndItsError()
    {
        // Locals and domains from pieces that reach every check: dots, quotes, escapes, spaces, specials, non-ASCII
        // letters, A-labels, hyphens, digits, over-long parts, and a 249-character domain that makes 253, 254 or 255 bytes.
        string[] locals = ["ada", "a.b", ".a", "a.", "a..b", "\"x y\"", "\"a\\\"b\"", "\"bad\"q\"", "a b", "a(b)", "jür", "!#$%", "adaa", "adaaa", new string('l', 64), new string('l', 65), ""];
        string[] domains = ["example.com", "Example.COM", "ex-ample.org", "-ex.com", "ex-.com", "ex..com", ".ex.com", "ex.com.", "localhost", "ex.123", "123.ex",
            "müller.de", "xn--mller-kva.de", "xn--zz.example", "ab--cd.example", "exa mple.com", "ex_ample.com", "例子.广告", new string('d', 63) + ".com",
            new string('d', 64) + ".com", string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com",
            string.Join('.', [.. Enumerable.Repeat(new string('d', 60), 3), new string('d', 62)]) + ".com", ""];
        var random = new Random(20261207);
        for (var i = 0; i < 20_000; i++)
        {
            var input = (random.Next(8) == 0 ? " " : "") + locals[random.Next(locals.Length)] + (random.Next(12) == 0 ? "" : "@") + domains[random.Next(domains.Length)];

            var normalized = EmailAddressParser.TryNormalize(input, out _, out var error);

            Assert.True(normalized == EmailAddressParser.IsValid(input, out var check), input);
            Assert.Equal(error, check);
        }
    }

    [Fact]
    public void IsValid_ValidAddressWithAnAsciiDomain_AllocatesNothing()
    {
        const string address = "Ada.Lovelace+jobs@Mail.Example.COM";
        Assert.True(EmailAddressParser.IsValid(address, out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var valid = EmailAddressParser.IsValid(address, out var error);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(valid, error);
        Assert.Equal(0, allocated);
    }

    /// <summary>Every invisible or direction-changing character the parser must refuse rather than drop.</summary>
    public static TheoryData<int> InvisibleCodePoints =>
    [
        0x00AD, 0x034F, 0x061C, 0x115F, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
        0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0x206A, 0x206F, 0x3164, 0xFE00, 0xFE0F, 0xFEFF,
        0xFFA0, 0xFFF9, 0x110BD, 0x1BCA0, 0x1D173, 0xE0001, 0xE0041, 0xE0100,
    ];

    [Theory]
    [MemberData(nameof(InvisibleCodePoints))]
    public void TryNormalize_InvisibleCharacterInDomain_IsRefusedNamingItAndItsPosition(int codePoint)
    {
        var input = "user@exam" + char.ConvertFromUtf32(codePoint) + "ple.com";

        Assert.False(EmailAddressParser.TryNormalize(input, out var normalized, out var error));

        Assert.Equal("", normalized);
        Assert.EndsWith($"character U+{codePoint:X4} at position 9", error);
    }

    [Theory]
    [MemberData(nameof(InvisibleCodePoints))]
    public void TryNormalize_InvisibleCharacterInLocalPart_IsRefusedNamingItAndItsPosition(int codePoint)
    {
        var input = "us" + char.ConvertFromUtf32(codePoint) + "er@example.com";

        Assert.False(EmailAddressParser.TryNormalize(input, out _, out var error));

        Assert.EndsWith($"character U+{codePoint:X4} at position 2", error);
    }

    [Theory]
    [InlineData(0x200B, "an invisible character")]
    [InlineData(0xFEFF, "an invisible character")]
    [InlineData(0x202E, "a direction-changing character")]
    [InlineData(0x2067, "a direction-changing character")]
    public void TryNormalize_InvisibleCharacterAtEitherEnd_IsRefusedNotTrimmed(int codePoint, string kind)
    {
        var c = char.ConvertFromUtf32(codePoint);

        Assert.False(EmailAddressParser.TryNormalize(c + "user@example.com", out _, out var leading));
        Assert.False(EmailAddressParser.TryNormalize("user@example.com" + c, out _, out var trailing));

        Assert.Equal($"contains {kind} U+{codePoint:X4} at position 0", leading);
        Assert.Equal($"contains {kind} U+{codePoint:X4} at position 16", trailing);
    }

    [Fact]
    public void TryNormalize_Position_CountsCharactersNotUtf16Units()
    {
        // U+1F600 takes two UTF-16 units but is one character; the quoted local part lets it reach the check.
        Assert.False(EmailAddressParser.TryNormalize("\"\U0001F600\"@exa\u200Bmple.com", out _, out var error));
        Assert.Equal("contains an invisible character U+200B at position 7", error);
    }

    [Fact]
    public void TryNormalize_LoneSurrogate_IsRefused()
    {
        Assert.False(EmailAddressParser.TryNormalize("user@exam\uD800ple.com", out _, out var error));
        Assert.Equal("contains a broken character (lone surrogate U+D800) at position 9", error);
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
