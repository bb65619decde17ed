using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MassEmail.Testing;

/// <summary>The Campaigns API endpoints of <see cref="FakeZohoCampaigns"/>.</summary>
public sealed partial class FakeZohoCampaigns
{
    private (int Code, int Emails, object Body) Answer(HttpContext context, string endpoint, Func<string, string?> param)
    {
        var known = endpoint is "getmailinglists" or "getlistsubscribers" or "json/listsubscribe" or "json/listunsubscribe" or "addlistsubscribersinbulk";
        if (!known)
        {
            return (404, 0, new { status = "error", message = "not found" });
        }

        // Zoho checks the token first; the call still counts against the endpoint's window.
        if (!limits.Admit(endpoint, out var violation))
        {
            if (violation is not null)
            {
                violations.Enqueue(violation);
            }

            return (2101, 0, Error(2101, "Retry after sometime."));
        }

        if (!Authorised(context))
        {
            return (1007, 0, Error(1007, "Unauthorized request."));
        }

        var list = param("listkey") is { } key && lists.TryGetValue(key, out var found) ? found : null;
        return endpoint switch
        {
            "getmailinglists" => (0, 0, MailingLists(param)),
            _ when list is null => (2501, 0, Error(2501, "Listkey is empty or invalid.")),
            "getlistsubscribers" => (0, 0, Subscribers(list, param)),
            "json/listsubscribe" => Subscribe(list, param("contactinfo")),
            "json/listunsubscribe" => Unsubscribe(list, param("contactinfo")),
            _ => Bulk(list, param("emailids")),
        };
    }

    private static object Error(int code, string message) =>
        new { status = "error", code = code.ToString(CultureInfo.InvariantCulture), message };

    private object MailingLists(Func<string, string?> param)
    {
        var (from, range) = Page(param);
        var page = lists.Values.OrderBy(l => l.Key, StringComparer.Ordinal).Skip(from - 1).Take(range)
            .Select(l => new { listkey = l.Key, listname = l.Name, noofcontacts = l.Count("active").ToString(CultureInfo.InvariantCulture) });
        return new { status = "success", code = 0, list_of_details = page.ToList() };
    }

    private static object Subscribers(FakeZohoList list, Func<string, string?> param)
    {
        var (from, range) = Page(param);
        var state = param("status") switch
        {
            "unsub" => "unsub",
            "bounce" => "bounce",
            _ => "active",
        };
        var page = list.InState(state).Skip(from - 1).Take(range)
            .Select(c => new { contact_email = c.Email, added_time = c.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) });
        return new { status = "success", code = 0, list_of_details = page.ToList() };
    }

    private (int, int, object) Subscribe(FakeZohoList list, string? contactInfo)
    {
        if (!TryContact(contactInfo, out var contact, out var email))
        {
            return (2001, 0, Error(2001, "Please enter correct JSON format."));
        }

        if (!LooksValid(email))
        {
            return (2004, 1, Error(2004, "Invalid contact email address."));
        }

        var operation = list.State(email) == "active" ? "update" : "subscribe";
        list.Apply(email, operation, time.GetUtcNow(), contact.Where(f => f.Key != "Contact Email").ToDictionary());
        var message = list.SignupForm ? "A confirmation email is sent to the user." : "User successfully subscribed.";
        return (0, 1, new { status = "success", code = "0", message });
    }

    private (int, int, object) Unsubscribe(FakeZohoList list, string? contactInfo)
    {
        if (!TryContact(contactInfo, out _, out var email))
        {
            return (2001, 0, Error(2001, "Please enter correct JSON format."));
        }

        list.Apply(email, "unsubscribe", time.GetUtcNow());
        return (0, 1, new { status = "success", code = "0", message = "User successfully unsubscribed." });
    }

    private (int, int, object) Bulk(FakeZohoList list, string? emailIds)
    {
        var emails = (emailIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (emails.Length is 0)
        {
            return (903, 0, Error(903, "Mandatory fields are missing."));
        }

        if (emails.Length > 10)
        {
            violations.Enqueue($"addlistsubscribersinbulk with {emails.Length} addresses (at most 10)");
            return (2004, emails.Length, Error(2004, "Provide maximum of ten (10) EMAILID's."));
        }

        if (!emails.All(LooksValid))
        {
            return (2004, emails.Length, Error(2004, "Invalid contact email address."));
        }

        foreach (var email in emails.Where(e => list.State(e) != "active"))
        {
            list.Apply(email, "subscribe", time.GetUtcNow());
        }

        return (0, emails.Length, new { status = "success", code = "0", listkey = list.Key, listname = list.Name });
    }

    private static bool TryContact(string? contactInfo, out Dictionary<string, string> contact, out string email)
    {
        email = "";
        contact = [];
        try
        {
            contact = JsonSerializer.Deserialize<Dictionary<string, string>>(contactInfo ?? "") ?? [];
        }
        catch (JsonException)
        {
            return false;
        }

        email = contact.GetValueOrDefault("Contact Email") ?? "";
        return email.Length > 0;
    }

    private static bool LooksValid(string email) =>
        email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < email.Length - 1 && !email.Any(char.IsWhiteSpace);

    private static (int From, int Range) Page(Func<string, string?> param)
    {
        var from = int.TryParse(param("fromindex"), out var f) && f > 0 ? f : 1;
        var range = int.TryParse(param("range"), out var r) && r > 0 ? r : 20;
        return (from, range);
    }
}
