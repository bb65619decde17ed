namespace MassEmail.Core.Sending;

/// <summary>
/// A batch of a send's deliveries claimed by one worker: the claim unit the snapshot wrote beside its rows.
/// <see cref="Token"/> is fresh per claim and fences every later write of the holder; <see cref="Rows"/> are the
/// batch's PENDING rows at claim time, in id order. Rows are never written for claiming.
/// </summary>
/// <param name="Id">The batch's key within its send: the id of its first delivery.</param>
public sealed record DeliveryBatch(string SendId, string Id, string Token, DateTimeOffset LeaseUntil, IReadOnlyList<Delivery> Rows);
