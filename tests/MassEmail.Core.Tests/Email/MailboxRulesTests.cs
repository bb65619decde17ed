using MassEmail.Core.Email;
using MassEmail.Core.Errors;
using MassEmail.Core.Templates;

namespace MassEmail.Core.Tests.Email;

/// <summary>Display names and stored mailboxes that reach a From or Reply-To header.</summary>
public sealed class MailboxRulesTests
{
    [Theory]
    [InlineData("Acme Recruiting")]
    [InlineData("Zoë Ødegård-李")]
    [InlineData("مهر\u200Cنوش")]
    [InlineData("👩\u200D💻 Jobs")]
    [InlineData("")]
    public void TryCheckDisplayName_OrdinaryNamesAndJoiners_Pass(string name)
    {
        Assert.True(MailboxRules.TryCheckDisplayName(name, out var error), error);
    }

    [Theory]
    [InlineData("Support \u202Emoc.lapyap", "contains a direction-changing character U+202E at position 8")]
    [InlineData("\u2067Jobs\u2069", "contains a direction-changing character U+2067 at position 0")]
    [InlineData("Jobs\u200F", "contains a direction-changing character U+200F at position 4")]
    [InlineData("Jo\u200Bbs", "contains an invisible character U+200B at position 2")]
    [InlineData("Jobs\uFEFF", "contains an invisible character U+FEFF at position 4")]
    [InlineData("Jobs\u00AD", "contains an invisible character U+00AD at position 4")]
    [InlineData("A\r\nBcc: x@example.com", "contains a line break")]
    [InlineData("A\u0007B", "contains a control character")]
    public void TryCheckDisplayName_HiddenReorderingOrHeaderBreakingCharacter_IsRefusedWithReason(string name, string expected)
    {
        Assert.False(MailboxRules.TryCheckDisplayName(name, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void RequireSendable_StoredAddressWithInvisibleCharacter_IsPreconditionFailureNamingItsOwner()
    {
        var e = Assert.Throws<PreconditionFailedException>(
            () => MailboxRules.RequireSendable(new Mailbox("jobs@exam\u200Bple.com", "Jobs"), "from", "The from choice Organisation cannot be used: the organisation's"));

        Assert.Equal(("ADDRESS_INVALID", "from"), (e.Type, e.Subject));
        Assert.Equal(
            "The from choice Organisation cannot be used: the organisation's stored address is not valid: it contains an invisible character U+200B at position 9.",
            e.Message);
    }

    [Fact]
    public void RequireSendable_ValidMailbox_Passes()
    {
        MailboxRules.RequireSendable(new Mailbox("jobs@bücher.example", "Bücher Jobs"), "from", "the organisation's");
    }
}
