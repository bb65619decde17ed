using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Tests.Rendering;

public sealed class LiquidTemplateEngineTests
{
    [Fact]
    public void Kind_Always_IsLiquid() => Assert.Equal(TemplateEngineKind.Liquid, LiquidTestData.Engine.Kind);

    [Fact]
    public async Task RenderAsync_RecordOwnerAndOrgFields_AreMergedIntoEveryPart()
    {
        var message = await LiquidTestData.RenderAsync(
            "Hi {{ record.first_name }} from {{ org.name }}",
            "<p>Dear {{ record.first_name }}, I am {{ owner.first_name }} ({{ owner.email }}).</p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a> <a href=\"{{ preferences_url }}\">Preferences</a>",
            "Dear {{ record.first_name }}, write to {{ owner.email }}. {{ org.name }}");

        Assert.Equal("Hi Zoë from Acme Recruiting", message.Subject);
        Assert.Equal(
            "<p>Dear Zoë, I am Omar (omar@agency.test).</p><a href=\"https://mail.test/u/abc\">Unsubscribe</a> <a href=\"https://mail.test/p/abc\">Preferences</a>",
            message.HtmlBody);
        Assert.Equal("Dear Zoë, write to omar@agency.test. Acme Recruiting", message.TextBody);
    }

    [Fact]
    public async Task RenderAsync_ScriptInMergeValue_IsEncodedInHtmlOnly()
    {
        var data = LiquidTestData.Data(record: new Dictionary<string, object?> { ["first_name"] = "<script>alert('x')</script> & Čech" });

        var message = await LiquidTestData.RenderAsync(
            "Hello {{ record.first_name }}", "<p>{{ record.first_name }}</p>", "Hello {{ record.first_name }}", data);

        Assert.Equal("<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Čech</p>", message.HtmlBody);
        Assert.Equal("Hello <script>alert('x')</script> & Čech", message.Subject);
        Assert.Equal("Hello <script>alert('x')</script> & Čech", message.TextBody);
    }

    [Theory]
    [InlineData("Evil\r\nBcc: victim@example.com")]
    [InlineData("Evil\nBcc: victim@example.com")]
    [InlineData("Evil\rBcc: victim@example.com")]
    [InlineData("Evil\u0085Bcc: victim@example.com")]
    [InlineData("Evil\u2028Bcc: victim@example.com")]
    public async Task RenderAsync_LineBreakInMergeValue_NeverReachesSubject(string name)
    {
        var data = LiquidTestData.Data(record: new Dictionary<string, object?> { ["first_name"] = name });

        var message = await LiquidTestData.RenderAsync("Hi {{ record.first_name }}\n", "<p>x</p>", data: data);

        Assert.Equal("Hi Evil Bcc: victim@example.com", message.Subject);
        Assert.DoesNotContain('\r', message.Subject);
        Assert.DoesNotContain('\n', message.Subject);
    }

    [Fact]
    public async Task RenderAsync_MissingFields_RenderEmptyAndDefaultFallsBack()
    {
        var data = LiquidTestData.Data(record: new Dictionary<string, object?> { ["last_name"] = "" });

        var message = await LiquidTestData.RenderAsync(
            "Hi {{ record.first_name | default: \"there\" }}!",
            "<p>[{{ record.first_name }}][{{ record.missing.deeper }}][{{ nothing }}]</p>",
            "{{ record.last_name | default: 'friend' }}",
            data);

        Assert.Equal("Hi there!", message.Subject);
        Assert.Equal("<p>[][][]</p>", message.HtmlBody);
        Assert.Equal("friend", message.TextBody);
    }

    [Fact]
    public async Task RenderAsync_TypedAndNestedValues_RenderInvariantly()
    {
        var data = LiquidTestData.Data(record: new Dictionary<string, object?>
        {
            ["score"] = 4.5m,
            ["count"] = 3,
            ["big"] = 12345678901L,
            ["ratio"] = 0.25d,
            ["active"] = true,
            ["skills"] = new[] { "C#", "SQL" },
            ["address"] = new Dictionary<string, object?> { ["city"] = "Zürich" },
            ["applied"] = new DateTimeOffset(2024, 3, 5, 10, 30, 0, TimeSpan.Zero),
        });

        var message = await LiquidTestData.RenderAsync(
            "x",
            "{{ record.score }}|{{ record.count | plus: 1 }}|{{ record.big }}|{{ record.ratio }}|{% if record.active %}yes{% endif %}|{{ record.skills | join: ', ' }}|{{ record.address.city }}|{{ record.applied | date: '%Y-%m-%d' }}",
            data: data);

        Assert.Equal("4.5|4|12345678901|0.25|yes|C#, SQL|Zürich|2024-03-05", message.HtmlBody);
    }

    [Fact]
    public async Task RenderAsync_ZohoFields_AreTranslatedInSubjectAndBodies()
    {
        var data = LiquidTestData.Data(
            record: new Dictionary<string, object?> { ["first_name"] = "Zoë", ["email"] = "zoe@example.com", ["client_name"] = "Globex" },
            owner: new Dictionary<string, object?> { ["first_name"] = "Omar", ["email"] = "omar@agency.test" },
            org: new Dictionary<string, object?> { ["name"] = "Acme" });

        var message = await LiquidTestData.RenderAsync(
            "${Candidates.First Name}, a role at ${Clients.Client Name}",
            "<p>${Contacts.Email} / ${Users.First Name} / ${Owner.First Name} / ${Record Owner.Email} / ${Organization.Name} / ${Organisation.Name}</p><a href=\"${Unsubscribe Link}\">Stop</a> ${Unsubscribe URL}",
            "Hi ${Candidates.First Name}",
            data);

        Assert.Equal("Zoë, a role at Globex", message.Subject);
        Assert.Equal(
            "<p>zoe@example.com / Omar / Omar / omar@agency.test / Acme / Acme</p><a href=\"https://mail.test/u/abc\">Stop</a> https://mail.test/u/abc",
            message.HtmlBody);
        Assert.Equal("Hi Zoë", message.TextBody);
    }

    [Fact]
    public async Task RenderAsync_ZohoFieldValueWithMarkup_IsEncodedInHtml()
    {
        var data = LiquidTestData.Data(record: new Dictionary<string, object?> { ["first_name"] = "<b>Bob</b>" });

        var message = await LiquidTestData.RenderAsync("${Candidates.First Name}", "<p>${Candidates.First Name}</p>", data: data);

        Assert.Equal("<b>Bob</b>", message.Subject);
        Assert.Equal("<p>&lt;b&gt;Bob&lt;/b&gt;</p>", message.HtmlBody);
    }

    [Fact]
    public async Task RenderAsync_NoTextBody_DerivesTextFromHtmlWithMergedValues()
    {
        var data = LiquidTestData.Data(record: new Dictionary<string, object?> { ["first_name"] = "<Zoë> & co", ["jobs"] = new[] { "Chef", "Baker" } });

        var message = await LiquidTestData.RenderAsync(
            "s",
            "<html><head><style>p { color: red; }</style></head><body><p>Hi {{ record.first_name }},</p>"
                + "<ul>{% for job in record.jobs %}<li>{{ job }}</li>{% endfor %}</ul>"
                + "<p>{% if record.first_name %}Known{% else %}Unknown{% endif %}</p>"
                + "<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></body></html>",
            text: null,
            data: data);

        Assert.Equal("Hi <Zoë> & co,\n\n- Chef\n- Baker\n\nKnown\n\nUnsubscribe (https://mail.test/u/abc)", message.TextBody);
    }

    [Theory]
    [InlineData(true, "A\n\nVIP\n\nB")]
    [InlineData(false, "A\n\nB")]
    public async Task RenderAsync_ConditionalParagraph_DerivedTextKeepsOneBlankLine(bool vip, string expected)
    {
        var data = LiquidTestData.Data(record: new Dictionary<string, object?> { ["vip"] = vip });

        var message = await LiquidTestData.RenderAsync("s", "<p>A</p>\n{% if record.vip %}\n<p>VIP</p>\n{% endif %}\n<p>B</p>", data: data);

        Assert.Equal(expected, message.TextBody);
    }

    [Fact]
    public async Task RenderAsync_InlineTags_DerivedTextKeepsSpacing()
    {
        var message = await LiquidTestData.RenderAsync(
            "s", "<p>Hi {% if record.missing %}{{ record.missing }}{% else %}there{% endif %}, <b>welcome</b>!</p>");

        Assert.Equal("Hi there, welcome!", message.TextBody);
    }

    [Fact]
    public async Task RenderAsync_EmptyTextBody_IsDerivedToo()
    {
        var message = await LiquidTestData.RenderAsync("s", "<p>Hello&nbsp;{{ record.first_name }}</p>", text: "");

        Assert.Equal("Hello Zoë", message.TextBody);
    }

    [Fact]
    public async Task RenderAsync_EncodedBracesInHtml_StayLiteralInDerivedText()
    {
        var message = await LiquidTestData.RenderAsync("s", "<p>&#123;&#123; record.email &#125;&#125; {{ record.first_name }}</p>");

        Assert.Equal("<p>&#123;&#123; record.email &#125;&#125; Zoë</p>", message.HtmlBody);
        Assert.Equal("{{ record.email }} Zoë", message.TextBody);
    }

    [Fact]
    public async Task RenderAsync_ConcurrentRenders_DoNotInterfere()
    {
        var template = LiquidTestData.Compile("{{ record.first_name }}", "{% assign n = record.first_name %}<p>{{ n }}</p>");

        var messages = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => template.RenderAsync(
            LiquidTestData.Data(record: new Dictionary<string, object?> { ["first_name"] = $"n{i}" }), CancellationToken.None).AsTask()));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"<p>n{i}</p>"), messages.Select(m => m.HtmlBody));
    }

    [Fact]
    public async Task RenderAsync_CancelledToken_Throws()
    {
        var template = LiquidTestData.Compile("s", "<p>x</p>");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => template.RenderAsync(LiquidTestData.Data(), new CancellationToken(canceled: true)).AsTask());
    }

    [Fact]
    public async Task RenderAsync_AssignInOnePart_ShadowsANameInThatPartOnly()
    {
        var template = LiquidTestData.Compile(
            "{% assign record = 'shadow' %}{% assign greeting = 'Hey' %}{{ greeting }} {{ record }}",
            "<p>{{ greeting | default: 'Hello' }} {{ record.first_name }}</p>",
            "{{ greeting | default: 'Hello' }} {{ record.first_name }}, {{ org.name }}");
        var data = LiquidTestData.Data();

        // The same template rendered twice: the first render's assignments reach neither another part nor the next render.
        foreach (var message in new[] { await template.RenderAsync(data, CancellationToken.None), await template.RenderAsync(data, CancellationToken.None) })
        {
            Assert.Equal("Hey shadow", message.Subject);
            Assert.Equal("<p>Hello Zoë</p>", message.HtmlBody);
            Assert.Equal("Hello Zoë, Acme Recruiting", message.TextBody);
        }
    }
}
