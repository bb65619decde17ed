using MassEmail.Core;
using MassEmail.Core.Recipients;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>
/// The fixed records the criteria parity table is written against: twenty candidates c01…c20 and five
/// clients K-1…K-5 with custom fields of every type. Change a value here and the expectations in
/// <see cref="CriteriaCases"/> must be re-derived by hand.
/// </summary>
/// <remarks>
/// Candidates' custom fields: "Home city" (String), years (Number), relocate (Bool), available (Date),
/// skills (List). Clients': industry (String), size (Number), key_account (Bool), signed (Date), tags (List).
/// A "-" below means the field is absent from the record.
/// </remarks>
internal static class CriteriaDataSet
{
    public const string OwnerA = "aaaaaaaaaaaaaaaaaaaaaaaa";
    public const string OwnerB = "bbbbbbbbbbbbbbbbbbbbbbbb";

    public const string HomeCity = "Home city";
    public const string Years = "years";
    public const string Relocate = "relocate";
    public const string Available = "available";
    public const string Skills = "skills";

    public const string Industry = "industry";
    public const string Size = "size";
    public const string KeyAccount = "key_account";
    public const string Signed = "signed";
    public const string Tags = "tags";

    private const long DayMs = 86_400_000;

    /// <summary>2025-03-01T00:00:00Z plus <paramref name="days"/> days, in Unix milliseconds.</summary>
    public static long Day(int days) => 1_740_787_200_000 + (days * DayMs);

    public static IReadOnlyList<RecipientRecord> Clients(string orgId) =>
    [
        Client(orgId, "K-1", "Acme GmbH", ("Software", 250, true, 10, ["enterprise", "EMEA"])),
        Client(orgId, "K-2", "Müller & Söhne", ("Manufacturing", 40, false, -100, ["emea"])),
        Client(orgId, "K-3", "Globex", ("", null, null, null, [])),
        Client(orgId, "K-4", "Initech", ("software", 1200, true, 40, ["AMER", "enterprise"])),
        Client(orgId, "K-5", "Umbrella", null),
    ];

    /// <summary>A client "K-404" for another organisation: c07's client id, matching most client conditions.</summary>
    public static RecipientRecord ForeignClient(string orgId) =>
        Client(orgId, "K-404", "Müller & Söhne Globex", ("Software", 100, false, 5, ["emea", "enterprise"]));

    public static IReadOnlyList<RecipientRecord> Candidates(string orgId) =>
    [
        // ext, first, last, email, status, phone, owner, client, opted out, created day, (city, years, relocate, available day, skills)
        Candidate(orgId, "c01", "Anna", "Müller", "anna@example.com", EmailStatus.Valid, "+49 30 1234", OwnerA, "K-1", false, 0, ("Berlin", 5, true, 30, ["C#", "SQL"])),
        Candidate(orgId, "c02", "Bob", "MÜLLER", "bob@example.com", EmailStatus.Valid, "", OwnerB, "K-2", false, 1, ("berlin", 2.5, false, -5, ["sql", "Python"])),
        Candidate(orgId, "c03", "Zoë", "Smith", "", EmailStatus.Missing, "555-0100", OwnerA, null, false, 2, ("Zürich", 10, null, null, [])),
        Candidate(orgId, "c04", "Émile", "Zola", "not-an-email", EmailStatus.Invalid, "", null, "K-3", false, 3, ("", 0, true, 0, ["Java"])),
        Candidate(orgId, "c05", "Иван", "ПЕТРОВ", "ivan@example.ru", EmailStatus.Valid, "", OwnerB, "K-4", false, 4, ("Москва", 7, false, null, ["C#", "Go"])),
        Candidate(orgId, "c06", "Li", "Wei", "li@example.cn", EmailStatus.Valid, "", OwnerA, "K-5", false, 5, null),
        Candidate(orgId, "c07", "María", "García", "maria@example.es", EmailStatus.Valid, "", null, "K-404", false, 6, ("Madrid", 3, true, 60, ["python"])),
        Candidate(orgId, "c08", "Seán", "O'Brien", "sean@example.ie", EmailStatus.Valid, "555-0199", OwnerB, "K-1", true, 7, ("Dublin", 12, false, 15, ["SQL", "C#", "Azure"])),
        Candidate(orgId, "c09", "", "Nameless", "nameless@example.com", EmailStatus.Valid, "", null, null, false, 8, ("Berlin-Mitte", 1, null, -30, ["c#"])),
        Candidate(orgId, "c10", "Anna", "Schmidt", "anna.schmidt@example.com", EmailStatus.Valid, "", OwnerA, "K-2", false, 9, ("BERLIN", 5, true, 30, ["Rust"])),
        Candidate(orgId, "c11", "Ann", "Lee", "ann_lee@example.com", EmailStatus.Valid, "A.B*(9)", OwnerB, "K-4", false, 10, ("New York", 100, false, null, ["Go"])),
        Candidate(orgId, "c12", "Hans", "Grüber", "hans@example.de", EmailStatus.Valid, "axb*", null, "K-1", false, 11, ("Köln", 20, null, 90, ["SQL"])),
        Candidate(orgId, "c13", "Ola", "Nordmann", "ola@example.no", EmailStatus.Valid, "", OwnerA, "K-3", true, 12, ("St. Gallen", 8, true, -1, [])),
        Candidate(orgId, "c14", "Chloé", "Dubois", "chloe@example.fr", EmailStatus.Valid, "a.bc", OwnerB, "K-5", false, 13, ("Paris", 4, false, 5, ["Design", "UX"])),
        Candidate(orgId, "c15", "Tom", "Baker", "tom@@example.com", EmailStatus.Invalid, "", OwnerA, "K-2", false, 14, ("London", 6, true, null, ["SQL", "Java"])),
        Candidate(orgId, "c16", "Müller", "Thomas", "thomas@example.com", EmailStatus.Valid, "(0) 12", null, "K-4", false, 15, ("münchen", 9, null, 120, ["Kotlin"])),
        Candidate(orgId, "c17", "Eve", "Adams", "", EmailStatus.Missing, "", OwnerB, "K-1", true, 16, (null, 15, true, 200, ["go"])),
        Candidate(orgId, "c18", "Ada", "Lovelace", "ada@example.com", EmailStatus.Valid, "", OwnerA, null, false, 17, ("Londonderry", 30, false, -60, ["Math", "SQL"])),
        Candidate(orgId, "c19", "Zoe", "Smith", "zoe@example.com", EmailStatus.Valid, "", OwnerB, "K-4", false, 18, ("ZÜRICH", 2, true, 45, ["C#"])),
        Candidate(orgId, "c20", "Sam", "O'Neil", "sam@example.com", EmailStatus.Valid, "", null, "", false, 19, ("Oslo", 11, false, 10, ["Python", "Go"])),
    ];

    private static RecipientRecord Candidate(
        string orgId,
        string ext,
        string first,
        string last,
        string email,
        EmailStatus status,
        string phone,
        string? owner,
        string? client,
        bool optOut,
        int createdDay,
        (string? City, double? Years, bool? Relocate, int? Available, string[]? Skills)? custom)
    {
        var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        if (custom is { } c)
        {
            Put(fields, HomeCity, c.City is null ? null : FieldValue.Of(c.City));
            Put(fields, Years, c.Years is null ? null : FieldValue.Of(c.Years.Value));
            Put(fields, Relocate, c.Relocate is null ? null : FieldValue.Of(c.Relocate.Value));
            Put(fields, Available, c.Available is null ? null : FieldValue.OfDate(Day(c.Available.Value)));
            Put(fields, Skills, c.Skills is null ? null : FieldValue.Of(c.Skills));
        }

        return Record(orgId, RecordModule.Candidates, ext, $"{first} {last}".Trim(), first, last, createdDay, fields).WithEmail(email, status) with
        {
            Phone = phone,
            OwnerUserId = owner,
            ClientExternalId = client,
            EmailOptOut = optOut,
        };
    }

    private static RecipientRecord Client(
        string orgId, string ext, string name, (string Industry, double? Size, bool? KeyAccount, int? Signed, string[] Tags)? custom)
    {
        var fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        if (custom is { } c)
        {
            Put(fields, Industry, FieldValue.Of(c.Industry));
            Put(fields, Size, c.Size is null ? null : FieldValue.Of(c.Size.Value));
            Put(fields, KeyAccount, c.KeyAccount is null ? null : FieldValue.Of(c.KeyAccount.Value));
            Put(fields, Signed, c.Signed is null ? null : FieldValue.OfDate(Day(c.Signed.Value)));
            Put(fields, Tags, FieldValue.Of(c.Tags));
        }

        return Record(orgId, RecordModule.Clients, ext, name, "", "", 0, fields).WithEmail("", EmailStatus.Missing);
    }

    private static RecipientRecord Record(
        string orgId, RecordModule module, string ext, string name, string first, string last, int createdDay, Dictionary<string, FieldValue> custom) =>
        RecipientData.Record(orgId, module, ext) with
        {
            Id = Ids.New(),
            Name = name,
            FirstName = first,
            LastName = last,
            Phone = "",
            Custom = custom,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(Day(createdDay)),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(Day(createdDay) + 3_600_000),
        };

    private static void Put(Dictionary<string, FieldValue> fields, string name, FieldValue? value)
    {
        if (value is not null)
        {
            fields[name] = value;
        }
    }
}
