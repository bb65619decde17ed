using MassEmail.Core.Templates;
using MassEmail.Ses.Mapping;
using MassEmail.Ses.Tests.Infrastructure;

namespace MassEmail.Ses.Tests.Mapping;

public sealed class MailboxFormatterTests
{
    [Theory]
    [InlineData("Jane Doe", "\"Jane Doe\" <jane@example.com>")]
    [InlineData("Doe, Jane", "\"Doe, Jane\" <jane@example.com>")]
    [InlineData("Ann \"Boss\" O'Neil", "\"Ann \\\"Boss\\\" O'Neil\" <jane@example.com>")]
    [InlineData("back\\slash", "\"back\\\\slash\" <jane@example.com>")]
    [InlineData("", "jane@example.com")]
    [InlineData("   ", "jane@example.com")]
    public void Format_AsciiName_QuotedString(string displayName, string expected)
    {
        Assert.Equal(expected, MailboxFormatter.Format(new Mailbox("jane@example.com", displayName)));
    }

    [Fact]
    public void Format_ControlCharactersInName_NeverBreakTheHeaderLine()
    {
        var formatted = MailboxFormatter.Format(new Mailbox("jane@example.com", "Jane\r\nBcc: victim@example.com"));

        Assert.Equal("\"Jane  Bcc: victim@example.com\" <jane@example.com>", formatted);
    }

    [Fact]
    public void Format_NonAsciiName_Rfc2047EncodedWord()
    {
        Assert.Equal("=?UTF-8?B?Wm/DqyBNw7xsbGVy?= <zoe@example.com>", MailboxFormatter.Format(new Mailbox("zoe@example.com", "Zoë Müller")));
    }

    [Theory]
    [InlineData("Zoë Müller — Équipe Ventes 日本語チーム, Büro Köln und Umgebung")]
    [InlineData("👩‍👩‍👧‍👦 Familie 👨‍💻 Entwickler 🇩🇪 Deutschland 🎉🎉🎉🎉🎉🎉🎉🎉")]
    public void Format_LongNonAsciiName_SplitIntoValidWordsThatDecodeBack(string displayName)
    {
        var formatted = MailboxFormatter.Format(new Mailbox("a@example.com", displayName));

        var phrase = formatted[..^" <a@example.com>".Length];
        var words = phrase.Split(' ');
        Assert.True(words.Length > 1);
        Assert.All(words, w => Assert.InRange(w.Length, 13, 75));
        Assert.All(formatted, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(displayName, EncodedWords.Decode(phrase));
    }

    [Theory]
    [InlineData("user@bücher.example", "user@xn--bcher-kva.example")]
    [InlineData(" user@example.com ", "user@example.com")]
    [InlineData("not-an-address", "not-an-address")]
    public void FormatAddress_Domain_PunycodedAndTrimmed(string address, string expected)
    {
        Assert.Equal(expected, MailboxFormatter.FormatAddress(address));
    }
}
