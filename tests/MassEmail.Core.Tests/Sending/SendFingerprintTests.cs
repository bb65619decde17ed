using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Tests.Sending;

/// <summary>What "the same request" is for an idempotency key, and that sends stored without a fingerprint compare alike.</summary>
public sealed class SendFingerprintTests
{
    private const string A = "0123456789abcdef0123456a", B = "0123456789abcdef0123456b", C = "0123456789abcdef0123456c";

    private static readonly StartMassSendRequest Base = new(
        RecordModule.Candidates, "0123456789abcdef01234569", AddressChoice.Organisation, AddressChoice.Account, new RecordsAudience([A, B, C]), "key");

    public static TheoryData<string> Changes => [.. OtherRequests.Keys];

    private static readonly Dictionary<string, StartMassSendRequest> OtherRequests = new()
    {
        ["module"] = Base with { Module = RecordModule.Contacts },
        ["template"] = Base with { TemplateId = "0123456789abcdef01234560" },
        ["from"] = Base with { From = AddressChoice.Template },
        ["reply_to"] = Base with { ReplyTo = AddressChoice.RecordOwner },
        ["fewer ids"] = Base with { Audience = new RecordsAudience([A, B]) },
        ["a list"] = Base with { Audience = new ListAudience(A) },
        ["a view"] = Base with { Audience = new ViewAudience(A) },
        ["criteria"] = Base with { Audience = new CriteriaAudience(new CriteriaGroup(false, [])) },
    };

    [Fact]
    public void Of_RecordIdsReorderedOrRepeated_IsTheSame()
    {
        var reordered = Base with { Audience = new RecordsAudience([C, A, B, A]) };

        Assert.Equal(SendFingerprint.Of(Base), SendFingerprint.Of(reordered));
    }

    [Fact]
    public void Of_OtherKey_IsTheSame() => Assert.Equal(SendFingerprint.Of(Base), SendFingerprint.Of(Base with { IdempotencyKey = "other" }));

    [Theory]
    [MemberData(nameof(Changes))]
    public void Of_AnyRequestFieldChanged_Differs(string change) =>
        Assert.NotEqual(SendFingerprint.Of(Base), SendFingerprint.Of(OtherRequests[change]));

    [Fact]
    public void Of_CriteriaWithOtherValue_Differs()
    {
        static StartMassSendRequest Where(string city) => Base with
        {
            Audience = new CriteriaAudience(new CriteriaCondition("city", ConditionOperator.Equals, [FieldValue.Of(city)], 0)),
        };

        Assert.Equal(SendFingerprint.Of(Where("Berlin")), SendFingerprint.Of(Where("Berlin")));
        Assert.NotEqual(SendFingerprint.Of(Where("Berlin")), SendFingerprint.Of(Where("Paris")));
    }

    /// <summary>A send stored before fingerprints existed is compared by its stored request fields.</summary>
    [Fact]
    public void Of_SendWithoutStoredFingerprint_IsComputedFromItsRequestFields()
    {
        var stored = Send(Base with { Audience = new RecordsAudience([B, C, A]) }, fingerprint: null);

        Assert.Equal(SendFingerprint.Of(Base), SendFingerprint.Of(stored));
        Assert.NotEqual(SendFingerprint.Of(OtherRequests["template"]), SendFingerprint.Of(stored));
        Assert.Equal("stored", SendFingerprint.Of(Send(Base, fingerprint: "stored")));
    }

    private static MassSend Send(StartMassSendRequest r, string? fingerprint) => new(
        "0123456789abcdef01234567", "0123456789abcdef01234568", r.Module, r.TemplateId, 1, r.From, r.ReplyTo, A, "{}",
        AudienceJson.Serialize(r.Audience), r.IdempotencyKey, SendState.Queued, "", 3, new DateOnly(2026, 11, 26), 1,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, false, null, null, fingerprint);
}
