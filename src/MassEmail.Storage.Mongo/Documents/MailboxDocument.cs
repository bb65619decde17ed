using MassEmail.Core.Templates;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>A From or Reply-To mailbox embedded in a template; the whole element is null when absent.</summary>
[BsonIgnoreExtraElements]
internal sealed class MailboxDocument
{
    [BsonElement("address")]
    public string Address { get; set; } = "";

    [BsonElement("display_name")]
    public string DisplayName { get; set; } = "";

    public static MailboxDocument? FromDomain(Mailbox? m) => m is null ? null : new() { Address = m.Address, DisplayName = m.DisplayName };

    public Mailbox ToDomain() => new(Address, DisplayName);
}
