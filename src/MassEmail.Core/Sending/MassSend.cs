using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;

namespace MassEmail.Core.Sending;

/// <summary>
/// A mass send: one template to one audience. State changes are methods that refuse illegal
/// transitions; the store applies them with optimistic concurrency on <see cref="Version"/>.
/// </summary>
/// <param name="TemplateVersion">The template version the send renders, fixed at start.</param>
/// <param name="ContentJson">The template content and the fixed sender addresses, copied at start (<see cref="SendContent"/>),
/// so that editing the template later never changes a running send.</param>
/// <param name="AudienceJson">The audience as requested (a view, criteria, list or ids), see <see cref="AudienceJson"/>.</param>
/// <param name="Reserved">Bulk quota reserved for this send on <see cref="QuotaDay"/>.</param>
/// <param name="SnapshotComplete">True once every delivery row of the audience snapshot is written.</param>
/// <param name="SnapshotLeaseUntil">While the snapshot is incomplete: until when <see cref="SnapshotOwner"/> holds the snapshot job.</param>
/// <param name="RequestFingerprint">The <see cref="SendFingerprint"/> of the request that started the send, so that its
/// idempotency key is refused for another request; null for sends stored before fingerprints existed.</param>
/// <param name="QuotaSettled">True once the unused part of <see cref="Reserved"/> was given back for the send's final state
/// (<see cref="QuotaSettlement"/>); false while it runs and in the moment between its final write and the settlement.
/// Completed and cancelled sends stored before settlement existed read as settled.</param>
/// <param name="SnapshotError">Why the last attempt at the audience snapshot failed (a store error, e.g. a full disk), while the
/// snapshot is retried by the next claim of it; empty when no attempt failed, and again once a later attempt renews its lease
/// or completes the snapshot.</param>
/// <param name="BatchError">Why the last attempt at sending one of the send's batches failed (a store error, a delivery that
/// failed unexpectedly), while the batch's unsent rows are tried again; empty when no attempt failed, and again once a later
/// batch of the send is sent or the send completes.</param>
public sealed record MassSend(
    string Id,
    string OrgId,
    RecordModule Module,
    string TemplateId,
    long TemplateVersion,
    AddressChoice FromChoice,
    AddressChoice ReplyToChoice,
    string CreatedByUserId,
    string ContentJson,
    string AudienceJson,
    string IdempotencyKey,
    SendState State,
    string PauseReason,
    long Reserved,
    DateOnly QuotaDay,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool SnapshotComplete,
    string? SnapshotOwner,
    DateTimeOffset? SnapshotLeaseUntil,
    string? RequestFingerprint,
    bool QuotaSettled = false,
    string SnapshotError = "",
    string BatchError = "")
{
    public bool IsFinal => State is SendState.Completed or SendState.Cancelled;

    public MassSend Pause(string reason, DateTimeOffset at) => State is SendState.Queued or SendState.Sending
        ? Next(SendState.Paused, at) with { PauseReason = reason }
        : throw Illegal("pause");

    public MassSend Resume(DateTimeOffset at) => State == SendState.Paused
        ? Next(SnapshotComplete ? SendState.Sending : SendState.Queued, at) with { PauseReason = "" }
        : throw Illegal("resume");

    public MassSend Cancel(DateTimeOffset at) => !IsFinal ? Next(SendState.Cancelled, at) with { QuotaSettled = false } : throw Illegal("cancel");

    /// <summary>The first rows of the snapshot are written: a queued send starts sending them while the rest is written (no version change).</summary>
    public MassSend SnapshotStarted(DateTimeOffset at) => State == SendState.Queued ? this with { State = SendState.Sending, UpdatedAt = at } : this;

    /// <summary>The snapshot is written: a queued send starts sending; a paused or cancelled one keeps its state.</summary>
    public MassSend SnapshotDone(DateTimeOffset at, long reserved) =>
        (State == SendState.Queued ? Next(SendState.Sending, at) : this with { Version = Version + 1, UpdatedAt = at })
        with
        { SnapshotComplete = true, SnapshotOwner = null, SnapshotLeaseUntil = null, Reserved = reserved, SnapshotError = "" };

    /// <summary>An attempt at the snapshot failed: the reason is kept for the caller to see until an attempt gets on (no state change).</summary>
    public MassSend SnapshotFailed(string reason) => this with { SnapshotError = reason, Version = Version + 1 };

    /// <summary>An attempt at sending a batch failed: the reason is kept for the caller to see until a batch is sent (no state change).</summary>
    public MassSend BatchFailed(string reason) => this with { BatchError = reason, Version = Version + 1 };

    /// <summary>A batch was sent after one had failed: the reason goes (no state change).</summary>
    public MassSend BatchSent() => this with { BatchError = "", Version = Version + 1 };

    /// <summary>A completed send whose UNKNOWN deliveries were requeued goes back to sending them.</summary>
    public MassSend Reopen(DateTimeOffset at) => State == SendState.Completed ? Next(SendState.Sending, at) with { QuotaSettled = false } : this;

    public MassSend Complete(DateTimeOffset at) =>
        State == SendState.Sending ? Next(SendState.Completed, at) with { QuotaSettled = false, BatchError = "" } : throw Illegal("complete");

    /// <summary>The unused part of the reservation was given back for this final state (<see cref="QuotaSettlement"/>).</summary>
    public MassSend Settled(DateTimeOffset at) => IsFinal ? this with { QuotaSettled = true, Version = Version + 1, UpdatedAt = at } : throw Illegal("settle its quota");

    private MassSend Next(SendState state, DateTimeOffset at) => this with { State = state, Version = Version + 1, UpdatedAt = at };

    private PreconditionFailedException Illegal(string action) =>
        new("SEND_STATE", "id", $"A {State.ToString().ToLowerInvariant()} send cannot {action}.");
}
