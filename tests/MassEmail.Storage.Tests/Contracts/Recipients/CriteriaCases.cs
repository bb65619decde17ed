using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using static MassEmail.Storage.Tests.Contracts.Recipients.CriteriaDataSet;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>
/// The criteria parity table. Every expectation was derived by hand from <see cref="CriteriaDataSet"/>,
/// not by running a store, so every adapter is held to the semantics of <see cref="FilterOperator"/>.
/// </summary>
internal static class CriteriaCases
{
    private static readonly string[] All20 = [.. Enumerable.Range(1, 20).Select(i => $"c{i:00}")];

    public static readonly IReadOnlyList<CriteriaCase> All =
    [
        // Standard text fields: case-insensitive with Unicode folding; empties.
        new("first_name equals, case folded", F(Std(StandardFields.FirstName), FilterOperator.Equals, S("ANNA")), ["c01", "c10"]),
        new("last_name equals, umlaut folded (MÜLLER = müller)", F(Std(StandardFields.LastName), FilterOperator.Equals, S("müller")), ["c01", "c02"]),
        new("last_name equals, Cyrillic folded", F(Std(StandardFields.LastName), FilterOperator.Equals, S("петров")), ["c05"]),
        new("first_name equals, accent is not folded away (zoe ≠ Zoë)", F(Std(StandardFields.FirstName), FilterOperator.Equals, S("zoe")), ["c19"]),
        new("first_name not equals, matches the empty first name", F(Std(StandardFields.FirstName), FilterOperator.NotEquals, S("anna")), Except("c01", "c10")),
        new("first_name starts with, case folded", F(Std(StandardFields.FirstName), FilterOperator.StartsWith, S("AN")), ["c01", "c10", "c11"]),
        new("last_name contains an apostrophe", F(Std(StandardFields.LastName), FilterOperator.Contains, S("O'")), ["c08", "c20"]),
        new("last_name equals a value with a quote", F(Std(StandardFields.LastName), FilterOperator.Equals, S("o'brien")), ["c08"]),
        new("first_name is empty", F(Std(StandardFields.FirstName), FilterOperator.IsEmpty), ["c09"]),
        new("first_name is not empty", F(Std(StandardFields.FirstName), FilterOperator.IsNotEmpty), Except("c09")),
        new("name contains, umlaut folded", F(Std(StandardFields.Name), FilterOperator.Contains, S("MÜLLER")), ["c01", "c02", "c16"]),
        new("first_name in list, Unicode folded", F(Std(StandardFields.FirstName), FilterOperator.InList, S("ZOË"), S("li"), S("Nobody")), ["c03", "c06"]),
        new("email contains, case folded, invalid addresses included", F(Std(StandardFields.Email), FilterOperator.Contains, S("EXAMPLE.COM")),
            ["c01", "c02", "c09", "c10", "c11", "c15", "c16", "c18", "c19", "c20"]),
        new("email contains an underscore literally", F(Std(StandardFields.Email), FilterOperator.Contains, S("_")), ["c11"]),
        new("email is empty", F(Std(StandardFields.Email), FilterOperator.IsEmpty), ["c03", "c17"]),
        new("phone contains digits", F(Std(StandardFields.Phone), FilterOperator.Contains, S("555")), ["c03", "c08"]),
        new("phone starts with regex metacharacters, literally (a.b* is not a pattern)", F(Std(StandardFields.Phone), FilterOperator.StartsWith, S("a.b*")), ["c11"]),
        new("phone starts with an open parenthesis", F(Std(StandardFields.Phone), FilterOperator.StartsWith, S("(")), ["c16"]),
        new("phone contains regex metacharacters, literally", F(Std(StandardFields.Phone), FilterOperator.Contains, S("*(")), ["c11"]),
        new("phone equals, mixed case folded", F(Std(StandardFields.Phone), FilterOperator.Equals, S("a.b*(9)")), ["c11"]),
        new("phone in list, case folded, metacharacters literal", F(Std(StandardFields.Phone), FilterOperator.InList, S("A.BC"), S("AXB*"), S("a.b.")), ["c12", "c14"]),
        new("last_name equals, mixed case folded (mÜlLeR)", F(Std(StandardFields.LastName), FilterOperator.Equals, S("mÜlLeR")), ["c01", "c02"]),
        new("first_name starts with, accent kept (e is not é)", F(Std(StandardFields.FirstName), FilterOperator.StartsWith, S("emi")), []),
        new("custom list starts with, case folded", F(Custom(Skills, FieldType.List), FilterOperator.StartsWith, S("PY")), ["c02", "c07", "c20"]),
        new("external_id starts with, case folded", F(Std(StandardFields.ExternalId), FilterOperator.StartsWith, S("C1")),
            ["c10", "c11", "c12", "c13", "c14", "c15", "c16", "c17", "c18", "c19"]),
        new("owner_id equals", F(Std(StandardFields.OwnerId), FilterOperator.Equals, S(OwnerA)), ["c01", "c03", "c06", "c10", "c13", "c15", "c18"]),
        new("owner_id is empty (no owner)", F(Std(StandardFields.OwnerId), FilterOperator.IsEmpty), ["c04", "c07", "c09", "c12", "c16", "c20"]),
        new("owner_id not equals, matches records without owner", F(Std(StandardFields.OwnerId), FilterOperator.NotEquals, S(OwnerB)),
            ["c01", "c03", "c04", "c06", "c07", "c09", "c10", "c12", "c13", "c15", "c16", "c18", "c20"]),
        new("client_id is empty (none or empty text)", F(Std(StandardFields.ClientId), FilterOperator.IsEmpty), ["c03", "c09", "c18", "c20"]),
        new("client_id equals, case folded", F(Std(StandardFields.ClientId), FilterOperator.Equals, S("k-1")), ["c01", "c08", "c12", "c17"]),

        // Standard bool and date fields.
        new("email_opt_out equals true", F(Std(StandardFields.EmailOptOut), FilterOperator.Equals, B(true)), ["c08", "c13", "c17"]),
        new("email_opt_out equals false", F(Std(StandardFields.EmailOptOut), FilterOperator.Equals, B(false)), Except("c08", "c13", "c17")),
        new("created_time greater than", F(Std(StandardFields.CreatedTime), FilterOperator.GreaterThan, D(15)), ["c17", "c18", "c19", "c20"]),
        new("created_time less than", F(Std(StandardFields.CreatedTime), FilterOperator.LessThan, D(2)), ["c01", "c02"]),
        new("created_time between, bounds inclusive", F(Std(StandardFields.CreatedTime), FilterOperator.Between, D(3), D(5)), ["c04", "c05", "c06"]),
        new("updated_time between exact instants, inclusive",
            F(Std(StandardFields.UpdatedTime), FilterOperator.Between, FieldValue.OfDate(Day(0) + 3_600_000), FieldValue.OfDate(Day(1) + 3_600_000)), ["c01", "c02"]),

        // Custom String ("Home city", a name with a space).
        new("custom string equals, case folded", F(Custom(HomeCity, FieldType.String), FilterOperator.Equals, S("berlin")), ["c01", "c02", "c10"]),
        new("custom string equals, umlaut folded (ZÜRICH = zürich)", F(Custom(HomeCity, FieldType.String), FilterOperator.Equals, S("zürich")), ["c03", "c19"]),
        new("custom string starts with", F(Custom(HomeCity, FieldType.String), FilterOperator.StartsWith, S("berlin")), ["c01", "c02", "c09", "c10"]),
        new("custom string starts with, Cyrillic folded", F(Custom(HomeCity, FieldType.String), FilterOperator.StartsWith, S("МОС")), ["c05"]),
        new("custom string contains, case folded", F(Custom(HomeCity, FieldType.String), FilterOperator.Contains, S("LIN")), ["c01", "c02", "c08", "c09", "c10"]),
        new("custom string contains a dot literally", F(Custom(HomeCity, FieldType.String), FilterOperator.Contains, S(".")), ["c13"]),
        new("custom string is empty (absent or empty text)", F(Custom(HomeCity, FieldType.String), FilterOperator.IsEmpty), ["c04", "c06", "c17"]),
        new("custom string not equals, matches empties", F(Custom(HomeCity, FieldType.String), FilterOperator.NotEquals, S("BERLIN")), Except("c01", "c02", "c10")),
        new("custom string in list", F(Custom(HomeCity, FieldType.String), FilterOperator.InList, S("madrid"), S("PARIS"), S("Rome")), ["c07", "c14"]),

        // Custom Number.
        new("number equals", F(Custom(Years, FieldType.Number), FilterOperator.Equals, N(5)), ["c01", "c10"]),
        new("number greater than", F(Custom(Years, FieldType.Number), FilterOperator.GreaterThan, N(10)), ["c08", "c11", "c12", "c17", "c18", "c20"]),
        new("number less than a fraction, never empties", F(Custom(Years, FieldType.Number), FilterOperator.LessThan, N(2.6)), ["c02", "c04", "c09", "c19"]),
        new("number between, bounds inclusive", F(Custom(Years, FieldType.Number), FilterOperator.Between, N(5), N(8)), ["c01", "c05", "c10", "c13", "c15"]),
        new("number is empty", F(Custom(Years, FieldType.Number), FilterOperator.IsEmpty), ["c06"]),
        new("number zero is not empty", F(Custom(Years, FieldType.Number), FilterOperator.IsNotEmpty), Except("c06")),
        new("number not equals, matches empties", F(Custom(Years, FieldType.Number), FilterOperator.NotEquals, N(5)), Except("c01", "c10")),
        new("number in list", F(Custom(Years, FieldType.Number), FilterOperator.InList, N(0), N(100), N(3)), ["c04", "c07", "c11"]),

        // Custom Bool.
        new("bool equals true", F(Custom(Relocate, FieldType.Bool), FilterOperator.Equals, B(true)), ["c01", "c04", "c07", "c10", "c13", "c15", "c17", "c19"]),
        new("bool equals false, stored false only", F(Custom(Relocate, FieldType.Bool), FilterOperator.Equals, B(false)), ["c02", "c05", "c08", "c11", "c14", "c18", "c20"]),
        new("bool not equals true, matches false and empties", F(Custom(Relocate, FieldType.Bool), FilterOperator.NotEquals, B(true)),
            ["c02", "c03", "c05", "c06", "c08", "c09", "c11", "c12", "c14", "c16", "c18", "c20"]),
        new("bool is empty", F(Custom(Relocate, FieldType.Bool), FilterOperator.IsEmpty), ["c03", "c06", "c09", "c12", "c16"]),

        // Custom Date (relative dates arrive resolved into ranges).
        new("date between (within the next 30 days)", F(Custom(Available, FieldType.Date), FilterOperator.Between, D(0), D(30)), ["c01", "c04", "c08", "c10", "c14", "c20"]),
        new("date less than", F(Custom(Available, FieldType.Date), FilterOperator.LessThan, D(0)), ["c02", "c09", "c13", "c18"]),
        new("date greater than", F(Custom(Available, FieldType.Date), FilterOperator.GreaterThan, D(90)), ["c16", "c17"]),
        new("date equals a day (resolved to the day's range)",
            F(Custom(Available, FieldType.Date), FilterOperator.Between, D(30), FieldValue.OfDate(Day(31) - 1)), ["c01", "c10"]),
        new("date not equals a day (resolved: empty, before or after)", new AnyOf(
            [
                F(Custom(Available, FieldType.Date), FilterOperator.IsEmpty),
                F(Custom(Available, FieldType.Date), FilterOperator.LessThan, D(30)),
                F(Custom(Available, FieldType.Date), FilterOperator.GreaterThan, FieldValue.OfDate(Day(31) - 1)),
            ]),
            Except("c01", "c10")),
        new("date is not empty", F(Custom(Available, FieldType.Date), FilterOperator.IsNotEmpty), Except("c03", "c05", "c06", "c11", "c15")),

        // Custom List: operators test the elements.
        new("list equals an element, case folded", F(Custom(Skills, FieldType.List), FilterOperator.Equals, S("c#")), ["c01", "c05", "c08", "c09", "c19"]),
        new("list not equals, matches lists without it and empties", F(Custom(Skills, FieldType.List), FilterOperator.NotEquals, S("SQL")),
            ["c03", "c04", "c05", "c06", "c07", "c09", "c10", "c11", "c13", "c14", "c16", "c17", "c19", "c20"]),
        new("list in list, any element", F(Custom(Skills, FieldType.List), FilterOperator.InList, S("PYTHON"), S("rust")), ["c02", "c07", "c10", "c20"]),
        new("list is empty (absent or no elements)", F(Custom(Skills, FieldType.List), FilterOperator.IsEmpty), ["c03", "c06", "c13"]),
        new("list is not empty", F(Custom(Skills, FieldType.List), FilterOperator.IsNotEmpty), Except("c03", "c06", "c13")),

        // Fields of the related client (K-1: c01 c08 c12 c17; K-2: c02 c10 c15; K-3: c04 c13; K-4: c05 c11 c16 c19; K-5: c06 c14; c07's K-404 does not exist).
        new("client name equals, unicode folded", Client(F(Std(StandardFields.Name), FilterOperator.Equals, S("MÜLLER & SÖHNE"))), ["c02", "c10", "c15"]),
        new("client custom string equals, case folded", Client(F(Custom(Industry, FieldType.String), FilterOperator.Equals, S("SOFTWARE"))),
            ["c01", "c05", "c08", "c11", "c12", "c16", "c17", "c19"]),
        new("client custom string is empty, only for existing clients", Client(F(Custom(Industry, FieldType.String), FilterOperator.IsEmpty)), ["c04", "c06", "c13", "c14"]),
        new("client not equals never matches records without a client", Client(F(Custom(Industry, FieldType.String), FilterOperator.NotEquals, S("software"))),
            ["c02", "c04", "c06", "c10", "c13", "c14", "c15"]),
        new("client number between", Client(F(Custom(Size, FieldType.Number), FilterOperator.Between, N(40), N(250))), ["c01", "c02", "c08", "c10", "c12", "c15", "c17"]),
        new("client bool equals false", Client(F(Custom(KeyAccount, FieldType.Bool), FilterOperator.Equals, B(false))), ["c02", "c10", "c15"]),
        new("client date greater than", Client(F(Custom(Signed, FieldType.Date), FilterOperator.GreaterThan, D(0))), ["c01", "c05", "c08", "c11", "c12", "c16", "c17", "c19"]),
        new("client list equals an element, case folded", Client(F(Custom(Tags, FieldType.List), FilterOperator.Equals, S("emea"))),
            ["c01", "c02", "c08", "c10", "c12", "c15", "c17"]),
        new("client list is empty", Client(F(Custom(Tags, FieldType.List), FilterOperator.IsEmpty)), ["c04", "c06", "c13", "c14"]),
        new("client name is not empty: the related client exists", Client(F(Std(StandardFields.Name), FilterOperator.IsNotEmpty)),
            Except("c03", "c07", "c09", "c18", "c20")),

        // Groups.
        new("empty all-of matches everything", new AllOf([]), All20),
        new("empty any-of matches nothing", new AnyOf([]), []),
        new("all of a record and a client condition", new AllOf(
            [
                F(Custom(Relocate, FieldType.Bool), FilterOperator.Equals, B(true)),
                Client(F(Custom(Tags, FieldType.List), FilterOperator.Equals, S("enterprise"))),
            ]),
            ["c01", "c17", "c19"]),
        new("all of empties and flags", new AllOf(
            [
                F(Std(StandardFields.Email), FilterOperator.IsNotEmpty),
                F(Std(StandardFields.EmailOptOut), FilterOperator.Equals, B(false)),
                F(Custom(Skills, FieldType.List), FilterOperator.IsEmpty),
            ]),
            ["c06"]),
        new("any of a client condition and no client", new AnyOf(
            [
                Client(F(Std(StandardFields.Name), FilterOperator.StartsWith, S("glo"))),
                F(Std(StandardFields.ClientId), FilterOperator.IsEmpty),
            ]),
            ["c03", "c04", "c09", "c13", "c18", "c20"]),
        new("all of any-of and a not-equals", new AllOf(
            [
                new AnyOf([F(Custom(Years, FieldType.Number), FilterOperator.LessThan, N(3)), F(Custom(Years, FieldType.Number), FilterOperator.GreaterThan, N(50))]),
                F(Custom(Relocate, FieldType.Bool), FilterOperator.NotEquals, B(true)),
            ]),
            ["c02", "c09", "c11"]),
        new("any of all of any of all of: four levels", new AnyOf(
            [
                new AllOf(
                [
                    F(Std(StandardFields.FirstName), FilterOperator.Equals, S("anna")),
                    new AnyOf([F(Custom(Years, FieldType.Number), FilterOperator.GreaterThan, N(4)), F(Custom(Skills, FieldType.List), FilterOperator.Equals, S("rust"))]),
                ]),
                new AllOf(
                [
                    F(Std(StandardFields.OwnerId), FilterOperator.Equals, S(OwnerB)),
                    new AnyOf(
                    [
                        F(Custom(HomeCity, FieldType.String), FilterOperator.StartsWith, S("d")),
                        new AllOf([F(Custom(Years, FieldType.Number), FilterOperator.LessThan, N(3)), F(Custom(Relocate, FieldType.Bool), FilterOperator.Equals, B(false))]),
                    ]),
                ]),
            ]),
            ["c01", "c02", "c08", "c10"]),
    ];

    public static CriteriaCase Named(string name) => All.Single(c => c.Name == name);

    private static string[] Except(params string[] excluded) => [.. All20.Except(excluded)];

    private static FieldPath Std(string name) => StandardFields.Path(name);

    private static FieldPath Custom(string name, FieldType type) => new(name, true, type);

    private static FieldFilter F(FieldPath field, FilterOperator op, params FieldValue[] values) => new(field, op, values);

    private static ClientMatches Client(FieldFilter inner) => new(inner);

    private static FieldValue S(string text) => FieldValue.Of(text);

    private static FieldValue N(double number) => FieldValue.Of(number);

    private static FieldValue B(bool flag) => FieldValue.Of(flag);

    private static FieldValue D(int days) => FieldValue.OfDate(Day(days));
}
