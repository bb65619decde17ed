namespace MassEmail.Testing;

/// <summary>A mailing list of <see cref="FakeZohoCampaigns"/>: its contacts' states and what happened to each, in order.</summary>
public sealed class FakeZohoList(string key, string name, bool signupForm)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> states = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<string>> history = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> fields = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Email, string Status, DateTimeOffset At)> changes = [];

    public string Key => key;

    public string Name => name;

    /// <summary>A list with a signup form: <c>listsubscribe</c> mails a confirmation.</summary>
    public bool SignupForm => signupForm;

    /// <summary>The contact's state: <c>active</c>, <c>unsub</c> or <c>bounce</c>; null when never on the list.</summary>
    public string? State(string email)
    {
        lock (gate)
        {
            return states.GetValueOrDefault(email);
        }
    }

    /// <summary>Every operation applied to the contact, in order (<c>subscribe</c>, <c>update</c>, <c>unsubscribe</c>, <c>bounce</c>).</summary>
    public IReadOnlyList<string> History(string email)
    {
        lock (gate)
        {
            return history.TryGetValue(email, out var ops) ? [.. ops] : [];
        }
    }

    /// <summary>The fields the contact was last subscribed or updated with.</summary>
    public IReadOnlyDictionary<string, string> Fields(string email)
    {
        lock (gate)
        {
            return fields.GetValueOrDefault(email) ?? new Dictionary<string, string>();
        }
    }

    public int Count(string state)
    {
        lock (gate)
        {
            return states.Values.Count(s => s == state);
        }
    }

    internal void Apply(string email, string operation, DateTimeOffset at, IReadOnlyDictionary<string, string>? contactFields = null)
    {
        lock (gate)
        {
            var state = operation switch
            {
                "subscribe" or "update" => "active",
                "unsubscribe" => "unsub",
                _ => "bounce",
            };
            (history.TryGetValue(email, out var ops) ? ops : history[email] = []).Add(operation);
            if (contactFields is not null)
            {
                fields[email] = contactFields;
            }

            if (states.GetValueOrDefault(email) != state)
            {
                states[email] = state;
                changes.Add((email, state, at));
            }
        }
    }

    /// <summary>Contacts now in <paramref name="state"/>, oldest change first (getlistsubscribers with sort=asc).</summary>
    internal IReadOnlyList<(string Email, DateTimeOffset At)> InState(string state)
    {
        lock (gate)
        {
            var last = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < changes.Count; i++)
            {
                last[changes[i].Email] = i;
            }

            return [.. last.Values.Order().Select(i => changes[i]).Where(c => c.Status == state).Select(c => (c.Email, c.At))];
        }
    }
}
