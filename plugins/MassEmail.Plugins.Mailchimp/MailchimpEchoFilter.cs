using System.Collections.Concurrent;
using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Options;

namespace MassEmail.Plugins.Mailchimp;

/// <summary>
/// Recognises our own API changes coming back as webhooks. Mailchimp's webhook body does not say which source fired
/// it; with the webhook's <c>api</c> source on, every change we make comes back. A webhook that reports exactly the
/// change we made (same connection, list, contact and effect) within <see cref="MailchimpOptions.EchoWindow"/> is
/// ignored. Only identical effects are dropped, so a contact's own different action is never lost.
/// </summary>
internal sealed class MailchimpEchoFilter(IOptions<MailchimpOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Connection, string List, string Email, WebhookEventKind Kind), DateTimeOffset> made = new();

    public void Made(string connectionId, string listId, MembershipChange change)
    {
        var kind = change.Kind switch
        {
            MembershipChangeKind.Subscribe => WebhookEventKind.Subscribed,
            MembershipChangeKind.Update => WebhookEventKind.ProfileUpdated,
            _ => WebhookEventKind.Unsubscribed,
        };
        made[(connectionId, listId, change.Email.ToLowerInvariant(), kind)] = time.GetUtcNow();
        if (made.Count > 100_000)
        {
            Prune();
        }
    }

    public bool IsEcho(string connectionId, WebhookEvent e) =>
        e.RemoteListId is not null &&
        made.TryGetValue((connectionId, e.RemoteListId, e.Email.ToLowerInvariant(), e.Kind), out var at) &&
        time.GetUtcNow() - at <= options.Value.EchoWindow;

    private void Prune()
    {
        var oldest = time.GetUtcNow() - options.Value.EchoWindow;
        foreach (var entry in made.Where(m => m.Value < oldest))
        {
            made.TryRemove(entry.Key, out _);
        }
    }
}
