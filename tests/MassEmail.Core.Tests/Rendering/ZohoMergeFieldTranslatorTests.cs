using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Tests.Rendering;

public sealed class ZohoMergeFieldTranslatorTests
{
    [Theory]
    [InlineData("${Candidates.First Name}", "{{ record['first_name'] }}")]
    [InlineData("${Contacts.Email}", "{{ record['email'] }}")]
    [InlineData("${Clients.Client Name}", "{{ record['client_name'] }}")]
    [InlineData("${Leads.Mobile No.}", "{{ record['mobile_no'] }}")]
    [InlineData("${Users.First Name}", "{{ owner['first_name'] }}")]
    [InlineData("${Owner.First Name}", "{{ owner['first_name'] }}")]
    [InlineData("${Record Owner.Email}", "{{ owner['email'] }}")]
    [InlineData("${Organization.Name}", "{{ org['name'] }}")]
    [InlineData("${organisation.Postal Address}", "{{ org['postal_address'] }}")]
    [InlineData("${Unsubscribe Link}", "{{ unsubscribe_url }}")]
    [InlineData("${Unsubscribe URL}", "{{ unsubscribe_url }}")]
    [InlineData("Price: $5 {not a field}", "Price: $5 {not a field}")]
    public void Translate_KnownField_BecomesLiquid(string source, string expected)
    {
        var translated = ZohoMergeFieldTranslator.Translate(source);

        Assert.Equal(expected, translated.Text);
        Assert.Empty(translated.Issues);
    }

    [Theory]
    [InlineData("First Name", "first_name")]
    [InlineData("  E-mail  ID ", "e_mail_id")]
    [InlineData("Straße Nº", "straße_nº")]
    [InlineData("---", "")]
    public void ToSnakeCase_FieldName_IsLowerSnakeCase(string field, string expected)
    {
        Assert.Equal(expected, ZohoMergeFieldTranslator.ToSnakeCase(field));
    }

    [Fact]
    public void Translate_UnknownModule_LeavesTextAndReportsOriginalOffset()
    {
        var translated = ZohoMergeFieldTranslator.Translate("${Contacts.Email} ${Deals.Amount} ${Contacts.---}");

        Assert.Equal("{{ record['email'] }} ${Deals.Amount} ${Contacts.---}", translated.Text);
        Assert.Equal([18, 34], translated.Issues.Select(i => i.Offset));
        Assert.Contains("'Deals'", translated.Issues[0].Message, StringComparison.Ordinal);
        Assert.Contains("no field name", translated.Issues[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToOriginalPosition_OffsetsAfterAndInsideReplacements_MapToAuthorsText()
    {
        var translated = ZohoMergeFieldTranslator.Translate("ab ${Users.Id}\nx ${Org.X} ${Unsubscribe Link} z");

        // "{{ owner['id'] }}" replaces 11 characters with 17.
        Assert.Equal((1, 4), translated.ToOriginalPosition(translated.Text.IndexOf("owner", StringComparison.Ordinal)));
        Assert.Equal((2, 1), translated.ToOriginalPosition(translated.Text.IndexOf('x')));
        Assert.Equal((2, 3), translated.ToOriginalPosition(translated.Text.IndexOf("${Org", StringComparison.Ordinal)));
        Assert.Equal((2, 32), translated.ToOriginalPosition(translated.Text.IndexOf(" z", StringComparison.Ordinal) + 1));
    }
}
