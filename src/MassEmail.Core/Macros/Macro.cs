using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Macros;

/// <summary>A named, stored "send template T to the record" of a module; each run is a mass send to the records given.</summary>
public sealed record Macro(
    string Id,
    string OrgId,
    RecordModule Module,
    string Name,
    string TemplateId,
    AddressChoice From,
    AddressChoice ReplyTo,
    string CreatedByUserId,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string NameKey => Templates.NameKeys.For(Name);
}
