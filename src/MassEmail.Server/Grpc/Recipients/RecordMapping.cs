using Google.Protobuf.WellKnownTypes;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Records;
using Rec = MassEmail.Core.Recipients;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Recipients;

/// <summary>Conversions of records.</summary>
internal static class RecordMapping
{
    /// <summary>The row as Core input, plus the values that could not be read (a field value without a kind), null when none.</summary>
    public static (RecordInput Input, List<(string Field, string Reason)>? Problems) ToCore(this V1.RecordInput r)
    {
        List<(string, string)>? problems = null;
        var custom = new Dictionary<string, Rec.FieldValue>(r.CustomFields.Count, StringComparer.Ordinal);
        foreach (var (name, value) in r.CustomFields)
        {
            if (value.ToCore(out var problem) is { } converted)
            {
                custom[name] = converted;
            }
            else
            {
                (problems ??= []).Add(($"custom.{InputText.Quote(name, RecordLimits.MaxCustomFieldNameLength)}", problem));
            }
        }

        return (new RecordInput(r.ExternalId, r.Name, r.FirstName, r.LastName, r.Email, r.Phone, r.OwnerId, r.ClientId, r.EmailOptOut, custom), problems);
    }

    public static V1.Record ToMessage(this Rec.RecipientRecord r)
    {
        var message = new V1.Record
        {
            Id = r.Id,
            Module = r.Module.ToMessage(),
            ExternalId = r.ExternalId,
            Name = r.Name,
            FirstName = r.FirstName,
            LastName = r.LastName,
            Email = r.Email,
            EmailNormalized = r.EmailNormalized,
            EmailStatus = (V1.EmailStatus)(int)r.EmailStatus,
            EmailInvalidReason = r.EmailInvalidReason,
            Phone = r.Phone,
            OwnerId = r.OwnerUserId ?? "",
            ClientId = r.ClientExternalId ?? "",
            EmailOptOut = r.EmailOptOut,
            CreateTime = Timestamp.FromDateTimeOffset(r.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(r.UpdatedAt),
        };
        foreach (var (name, value) in r.Custom)
        {
            message.CustomFields[name] = value.ToMessage();
        }

        return message;
    }

    public static V1.UpsertResult ToMessage(this Rec.UpsertResult result) => result switch
    {
        Rec.UpsertResult.Inserted => V1.UpsertResult.Inserted,
        Rec.UpsertResult.Updated => V1.UpsertResult.Updated,
        _ => V1.UpsertResult.Unchanged,
    };
}
