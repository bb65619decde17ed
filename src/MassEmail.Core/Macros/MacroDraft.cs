using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Macros;

/// <summary>What a caller gives to create or update a macro.</summary>
public sealed record MacroDraft(RecordModule Module, string Name, string TemplateId, AddressChoice From, AddressChoice ReplyTo);
