using System.Collections.Concurrent;
using MassEmail.Core.Email;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Sending;

/// <summary>Builds the message one recipient of a send gets: addresses, merge values, unsubscribe headers, tags.</summary>
public sealed class MessageComposer(UnsubscribeLinks links)
{
    /// <summary>A composer for the recipients of one send: what they share is worked out once.</summary>
    public SendMessages For(MassSend send, SendContent content, ICompiledTemplate template, Organisation org) =>
        new(links, send, content, template, org);

    /// <summary>One message on its own (test sends).</summary>
    public Task<OutgoingMessage> ComposeAsync(
        MassSend send, SendContent content, ICompiledTemplate template, RecipientRecord record, User? owner, Organisation org, CancellationToken ct) =>
        For(send, content, template, org).ComposeAsync(record, owner, ct);

    /// <summary>The merge fields of a record: standard fields and custom fields by name, read when a template asks (<see cref="RecordMergeFields"/>).</summary>
    public static IReadOnlyDictionary<string, object?> RecordFields(RecipientRecord r) => new RecordMergeFields(r);

    /// <summary>
    /// The messages of one send's recipients. The organisation's merge values, mailbox and the tags are
    /// built once, each owner's once; safe to use from concurrent sends of a batch.
    /// </summary>
    public sealed class SendMessages
    {
        private readonly UnsubscribeLinks links;
        private readonly MassSend send;
        private readonly SendContent content;
        private readonly ICompiledTemplate template;
        private readonly IReadOnlyDictionary<string, object?> orgFields;
        private readonly Mailbox orgMailbox;
        private readonly IReadOnlyDictionary<string, string> tags;
        private readonly string? listId;
        private readonly ConcurrentDictionary<string, (IReadOnlyDictionary<string, object?> Fields, Mailbox? Mailbox)> owners = new(StringComparer.Ordinal);

        internal SendMessages(UnsubscribeLinks links, MassSend send, SendContent content, ICompiledTemplate template, Organisation org)
        {
            this.links = links;
            this.send = send;
            this.content = content;
            this.template = template;
            orgFields = MergeFields.Of(org);
            orgMailbox = org.Mailbox;
            // SES returns the tags with each event: a complaint names the record to opt out (ProviderEventService).
            tags = new Dictionary<string, string> { ["org"] = send.OrgId, ["send"] = send.Id };
            // A send to a list: the link can offer leaving that list, not only all mail.
            listId = AudienceJson.Deserialize(send.AudienceJson) is ListAudience list ? list.ListId : null;
        }

        public async Task<OutgoingMessage> ComposeAsync(RecipientRecord record, User? owner, CancellationToken ct)
        {
            var link = links.Link(send.OrgId, record.Id, send.Id, listId);
            var (ownerFields, ownerMailbox) = owner is null ? (MergeData.NoFields, null) : Owner(owner);
            var rendered = await template.RenderAsync(new MergeData(RecordFields(record), ownerFields, orgFields, link.Url, link.Url), ct);
            var from = content.From ?? ownerMailbox ?? orgMailbox;
            var replyTo = content.ReplyTo ?? ownerMailbox ?? orgMailbox;
            return new OutgoingMessage(
                from, [replyTo.Address], record.EmailNormalized, rendered.Subject, rendered.HtmlBody, rendered.TextBody, links.Headers(link),
                new Dictionary<string, string>(tags) { ["record"] = record.Id });
        }

        private (IReadOnlyDictionary<string, object?> Fields, Mailbox? Mailbox) Owner(User owner) =>
            owners.GetOrAdd(owner.Id, static (_, o) => (MergeFields.Of(o), OwnerMailbox(o)), owner);

        // An inactive owner, or one whose stored address or name no header may carry (stored before such values were
        // refused), is treated like no owner: the organisation's mailbox stands in, as the record owner choice documents.
        private static Mailbox? OwnerMailbox(User owner) =>
            owner is { Active: true } && MailboxRules.Problem(owner.Mailbox) is null ? owner.Mailbox : null;
    }
}
