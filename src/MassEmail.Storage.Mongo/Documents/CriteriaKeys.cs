using MassEmail.Core.Recipients;
using MongoDB.Bson;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// The <c>criteria_keys</c> of a <c>records</c> document: every text value criteria can test, folded, as an array of
/// <c>{k, v}</c> pairs (the attribute pattern) that one compound multikey index (<c>ix_records_criteria_keys</c>: org,
/// module, k, v) serves for every text field, standard or custom. <c>k</c> is the value's path in the document (the
/// standard field's element, or <c>custom.&lt;encoded name&gt;</c>), <c>v</c> its value folded with
/// <see cref="Fold"/>, the same folding the SQLite store's <c>me_fold</c> applies, so both stores agree on what is
/// equal. A List field has one pair per distinct element; a missing or null value has none (an empty text has one).
/// Written with the record on every insert and update (<see cref="RecordDocument.FromDomain"/>); documents written
/// before it existed get it from <see cref="MongoCriteriaKeysUpgrade"/> at start-up.
/// </summary>
internal static class CriteriaKeys
{
    public const string Field = "criteria_keys";
    public const string Key = "k";
    public const string Value = "v";

    /// <summary>Case folding of criteria: <see cref="string.ToLowerInvariant"/>, as the SQLite store's <c>me_fold</c>.</summary>
    public static string Fold(string text) => text.ToLowerInvariant();

    public static BsonArray For(RecipientRecord r)
    {
        var keys = new BsonArray();
        var seen = new HashSet<(string, string)>();
        void Add(string key, string? text)
        {
            if (text is not null && seen.Add((key, Fold(text))))
            {
                keys.Add(new BsonDocument { [Key] = key, [Value] = Fold(text) });
            }
        }

        Add(RecordFields.ExternalId, r.ExternalId);
        Add(RecordFields.Name, r.Name);
        Add(RecordFields.FirstName, r.FirstName);
        Add(RecordFields.LastName, r.LastName);
        Add(RecordFields.Email, r.Email);
        Add(RecordFields.Phone, r.Phone);
        Add(RecordFields.OwnerId, r.OwnerUserId);
        Add(RecordFields.ClientExternalId, r.ClientExternalId);
        foreach (var (name, value) in r.Custom.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var key = RecordFields.CustomField(name);
            switch (value.Type)
            {
                case FieldType.String:
                    Add(key, value.Text);
                    break;
                case FieldType.List:
                    foreach (var element in value.List)
                    {
                        Add(key, element);
                    }

                    break;
            }
        }

        return keys;
    }
}
