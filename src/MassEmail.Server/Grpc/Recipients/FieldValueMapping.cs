using Google.Protobuf.WellKnownTypes;
using Rec = MassEmail.Core.Recipients;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Recipients;

/// <summary>Conversions of typed field values and field types.</summary>
internal static class FieldValueMapping
{
    /// <summary>The value in Core's terms; null, with the reason in <paramref name="problem"/>, when it has no kind or cannot be stored.</summary>
    public static Rec.FieldValue? ToCore(this V1.FieldValue v, out string problem)
    {
        problem = "";
        switch (v.KindCase)
        {
            case V1.FieldValue.KindOneofCase.StringValue:
                return Rec.FieldValue.Of(v.StringValue);
            case V1.FieldValue.KindOneofCase.NumberValue when double.IsFinite(v.NumberValue):
                return Rec.FieldValue.Of(v.NumberValue);
            case V1.FieldValue.KindOneofCase.NumberValue:
                problem = "must be a finite number";
                return null;
            case V1.FieldValue.KindOneofCase.BoolValue:
                return Rec.FieldValue.Of(v.BoolValue);
            case V1.FieldValue.KindOneofCase.DateValue when TimestampRange.IsValid(v.DateValue):
                return Rec.FieldValue.Of(v.DateValue.ToDateTimeOffset());
            case V1.FieldValue.KindOneofCase.DateValue:
                problem = TimestampRange.Problem;
                return null;
            case V1.FieldValue.KindOneofCase.ListValue:
                return Rec.FieldValue.Of(v.ListValue.Values.ToList());
            default:
                problem = "has no value set";
                return null;
        }
    }

    public static V1.FieldValue ToMessage(this Rec.FieldValue v) => v.Type switch
    {
        Rec.FieldType.String => new V1.FieldValue { StringValue = v.Text },
        Rec.FieldType.Number => new V1.FieldValue { NumberValue = v.Number },
        Rec.FieldType.Bool => new V1.FieldValue { BoolValue = v.Bool },
        Rec.FieldType.Date => new V1.FieldValue { DateValue = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(v.UnixMilliseconds)) },
        _ => new V1.FieldValue { ListValue = new V1.StringList { Values = { v.List } } },
    };

    public static V1.FieldType ToMessage(this Rec.FieldType t) => (V1.FieldType)(int)t;

    /// <summary>Unspecified or unknown modules are reported to <paramref name="check"/>.</summary>
    public static Rec.RecordModule ToCore(V1.RecordModule module, RequestCheck check, string field = "module")
    {
        if (module is V1.RecordModule.Candidates or V1.RecordModule.Contacts or V1.RecordModule.Clients)
        {
            return (Rec.RecordModule)(int)module;
        }

        check.Violation(field, "must be CANDIDATES, CONTACTS or CLIENTS");
        return Rec.RecordModule.Candidates;
    }

    public static V1.RecordModule ToMessage(this Rec.RecordModule module) => (V1.RecordModule)(int)module;
}
