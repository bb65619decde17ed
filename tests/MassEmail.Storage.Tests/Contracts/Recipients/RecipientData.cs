using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Recipients.Views;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>Valid recipients objects with fresh ids, for tests to vary with <c>with</c>.</summary>
internal static class RecipientData
{
    private static readonly IReadOnlyDictionary<string, FieldValue> NoCustom = new Dictionary<string, FieldValue>();

    /// <summary>A record with a valid address derived from the external id; the content hash is unique per call.</summary>
    public static RecipientRecord Record(string orgId, RecordModule module = RecordModule.Candidates, string? externalId = null)
    {
        var ext = externalId ?? $"ext-{Guid.NewGuid():N}";
        var email = $"{ext}@example.com";
        return new RecipientRecord(
            Ids.New(),
            orgId,
            module,
            ext,
            "Ada Lovelace",
            "Ada",
            "Lovelace",
            email,
            email,
            EmailStatus.Valid,
            email.ToLowerInvariant(),
            "",
            "+44 20 7946 0000",
            null,
            null,
            false,
            NoCustom,
            $"hash-{Guid.NewGuid():N}",
            TestData.Now(),
            TestData.Now());
    }

    /// <summary>Sets the address and the status, normalised form, key and invalid reason (one per address) that go with it.</summary>
    public static RecipientRecord WithEmail(this RecipientRecord r, string email, EmailStatus status) => r with
    {
        Email = email,
        EmailStatus = status,
        EmailNormalized = status == EmailStatus.Valid ? email : "",
        EmailKey = status == EmailStatus.Valid ? email.ToLowerInvariant() : "",
        EmailInvalidReason = status == EmailStatus.Invalid ? $"is not valid: {email} (test reason)" : "",
    };

    public static IReadOnlyDictionary<string, FieldValue> Custom(params (string Name, FieldValue Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);

    public static CustomView View(string orgId, RecordModule module = RecordModule.Candidates, string? name = null) => new(
        Ids.New(),
        orgId,
        module,
        name ?? $"View {Guid.NewGuid():N}",
        """{"group":"and","children":[{"field":"first_name","operator":"Equals","values":[{"type":"String","text":"Ada"}]}]}""",
        1,
        TestData.Now(),
        TestData.Now());

    public static MailingList List(string orgId, string? name = null, bool dynamic = false) => new(
        Ids.New(),
        orgId,
        RecordModule.Candidates,
        name ?? $"List {Guid.NewGuid():N}",
        dynamic,
        dynamic ? """{"group":"and","children":[]}""" : null,
        TestData.Now(),
        TestData.Now());
}
