using Google.Protobuf.WellKnownTypes;
using MassEmail.Core.Macros;
using MassEmail.Server.Grpc.Recipients;
using MassEmail.Server.Grpc.Sending;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Macros;

/// <summary>Macros between the contract and Core; shape errors are collected on a <see cref="RequestCheck"/> under <c>macro.</c>.</summary>
internal static class MacroMapping
{
    public static MacroDraft ToDraft(this V1.Macro m, RequestCheck check)
    {
        check.Id(m.TemplateId, "macro.template_id");
        var module = FieldValueMapping.ToCore(m.Module, check, "macro.module");
        var from = SendMapping.ToCore(m.From, "macro.from", check);
        var replyTo = SendMapping.ToCore(m.ReplyTo, "macro.reply_to", check);
        return new MacroDraft(module, m.Name, m.TemplateId, from, replyTo);
    }

    public static V1.Macro ToMessage(this Macro m) => new()
    {
        Id = m.Id,
        Name = m.Name,
        Module = m.Module.ToMessage(),
        TemplateId = m.TemplateId,
        From = (V1.AddressChoice)(int)m.From,
        ReplyTo = (V1.AddressChoice)(int)m.ReplyTo,
        Version = m.Version,
        CreatedByUserId = m.CreatedByUserId,
        CreateTime = Timestamp.FromDateTimeOffset(m.CreatedAt),
        UpdateTime = Timestamp.FromDateTimeOffset(m.UpdatedAt),
    };
}
