using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Storage.Mongo.Documents;
using MongoDB.Bson;

namespace MassEmail.Storage.Mongo.Recipients.Audience;

/// <summary>
/// The skip reasons other than Duplicate, in <see cref="SkipReason"/>'s order, written three ways that
/// must agree: in C# for sampled and streamed records, as an aggregation expression for counts, and as
/// the query for the records no reason applies to (the ones duplicates are decided among). They read
/// the record and its <see cref="AudienceSource.ListState"/>.
/// </summary>
internal static class AudienceSkips
{
    private const int Missing = (int)EmailStatus.Missing;
    private const int Invalid = (int)EmailStatus.Invalid;
    private const int Valid = (int)EmailStatus.Valid;
    private const int Unsubscribed = (int)SubscriptionState.Unsubscribed;

    /// <summary>The elements <see cref="Of"/> reads.</summary>
    public static IEnumerable<string> Fields => [RecordFields.EmailStatus, RecordFields.EmailOptOut, AudienceSource.ListState];

    /// <summary>True when a record's state on the list (<see cref="AudienceSource.ListState"/>) means it left the list.</summary>
    public static bool LeftList(int listState) => listState == Unsubscribed;

    public static SkipReason Of(BsonDocument record)
    {
        var status = record.GetValue(RecordFields.EmailStatus, 0).ToInt32();
        return status == Missing ? SkipReason.NoEmail
            : status == Invalid ? SkipReason.InvalidEmail
            : record.GetValue(RecordFields.EmailOptOut, false).ToBoolean() ? SkipReason.OptedOut
            : record.GetValue(AudienceSource.ListState, 0).ToInt32() == Unsubscribed ? SkipReason.UnsubscribedFromList
            : SkipReason.None;
    }

    /// <summary><see cref="Of"/> as an aggregation expression giving the reason's number.</summary>
    public static BsonDocument Expression() => new("$switch", new BsonDocument
    {
        ["branches"] = new BsonArray
        {
            Branch(Field(RecordFields.EmailStatus), Missing, SkipReason.NoEmail),
            Branch(Field(RecordFields.EmailStatus), Invalid, SkipReason.InvalidEmail),
            Branch(Field(RecordFields.EmailOptOut), true, SkipReason.OptedOut),
            Branch(Field(AudienceSource.ListState), Unsubscribed, SkipReason.UnsubscribedFromList),
        },
        ["default"] = (int)SkipReason.None,
    });

    /// <summary>The records <see cref="Of"/> gives <see cref="SkipReason.None"/>, as a query.</summary>
    public static BsonDocument Eligible() => new()
    {
        [RecordFields.EmailStatus] = new BsonDocument("$nin", new BsonArray { Missing, Invalid }),
        [RecordFields.EmailOptOut] = new BsonDocument("$ne", true),
        [AudienceSource.ListState] = new BsonDocument("$ne", Unsubscribed),
    };

    private static string Field(string name) => "$" + name;

    private static BsonDocument Branch(string field, BsonValue value, SkipReason reason) => new()
    {
        ["case"] = new BsonDocument("$eq", new BsonArray { field, value }),
        ["then"] = (int)reason,
    };
}
