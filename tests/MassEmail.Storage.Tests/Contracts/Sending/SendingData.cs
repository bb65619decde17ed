using MassEmail.Core;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Sending;

namespace MassEmail.Storage.Tests.Contracts.Sending;

/// <summary>Valid sending objects with fresh ids, for tests to vary with <c>with</c>.</summary>
internal static class SendingData
{
    /// <summary>A queued send whose snapshot is not written yet, with every field set to a value that round-trips.</summary>
    public static MassSend Send(string orgId, string userId, string? idempotencyKey = null) => new(
        Ids.New(),
        orgId,
        RecordModule.Candidates,
        Ids.New(),
        3,
        AddressChoice.Organisation,
        AddressChoice.Account,
        userId,
        """{"subject":"Hello {{ first_name }}","html":"<p>Hi ✓ 日本</p>"}""",
        """{"kind":"list","list_id":"0123456789abcdef01234567"}""",
        idempotencyKey ?? $"key-{Guid.NewGuid():N}",
        SendState.Queued,
        "",
        120,
        new DateOnly(2031, 12, 31),
        1,
        TestData.Now(),
        TestData.Now(),
        false,
        null,
        null,
        new string('f', 64));

    /// <summary>A PENDING row of <paramref name="send"/> for a fresh record.</summary>
    public static Delivery Row(MassSend send, string? recordId = null) => new(
        Ids.New(),
        send.OrgId,
        send.Id,
        recordId ?? Ids.New(),
        $"r-{Guid.NewGuid():N}@example.com",
        DeliveryState.Pending,
        SkipReason.None,
        0,
        null,
        null,
        "",
        "",
        TestData.Now());

    /// <summary>A SKIPPED row of <paramref name="send"/>, as the snapshot writes it.</summary>
    public static Delivery SkippedRow(MassSend send, SkipReason reason) =>
        Row(send) with { State = DeliveryState.Skipped, Skip = reason, Email = reason == SkipReason.NoEmail ? "" : $"s-{Guid.NewGuid():N}@example.com" };

    /// <summary><paramref name="count"/> PENDING rows in id order.</summary>
    public static List<Delivery> Rows(MassSend send, int count) => [.. Enumerable.Range(0, count).Select(_ => Row(send))];
}
