using System.Text;
using MassEmail.Contracts.V1;

namespace MassEmail.Bench;

/// <summary>A realistic newsletter template of about 4 KB, so that the bench moves a real payload.</summary>
internal static class SampleTemplate
{
    public static Template Create()
    {
        return new Template
        {
            Name = "Bench newsletter",
            Subject = "{{ record.first_name | default: \"Hello\" }}, your monthly update",
            HtmlBody = HtmlBody(),
            Engine = TemplateEngine.Liquid,
            Description = "Created by the GetTemplate benchmark.",
        };
    }

    private static string HtmlBody()
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Monthly update</title>
            <style>body{font-family:Arial,sans-serif;color:#222}.card{border:1px solid #ddd;padding:16px;margin:12px 0}</style>
            </head><body>
            <p>Dear {{ record.first_name | default: "there" }},</p>
            <p>Here is what happened at {{ org.name }} this month.</p>
            """);
        string[] stories = ["New offices", "Hiring update", "Customer story", "Product release", "Events", "Community", "Security notice", "Tips and tricks"];
        for (var i = 0; i < stories.Length; i++)
        {
            html.Append($"""
                <div class="card"><h2>{i + 1}. {stories[i]}</h2>
                <p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. Integer nec odio. Praesent libero.
                Sed cursus ante dapibus diam. Sed nisi. Nulla quis sem at nibh elementum imperdiet. Duis sagittis
                ipsum. Praesent mauris. Fusce nec tellus sed augue semper porta. Mauris massa.</p>
                <p><a href="https://example.com/news/{i + 1}?utm_source=newsletter">Read more</a></p></div>
                """);
        }

        html.Append("""
            <p>Kind regards,<br>{{ owner.first_name }} {{ owner.last_name }}<br>{{ owner.email }}</p>
            <p style="font-size:11px;color:#888">{{ org.name }}, {{ org.postal_address }}.
            <a href="{{ unsubscribe_url }}">Unsubscribe</a> | <a href="{{ preferences_url }}">Preferences</a></p>
            </body></html>
            """);
        return html.ToString();
    }
}
