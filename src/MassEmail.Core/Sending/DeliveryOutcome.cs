using MassEmail.Core.Recipients.Audience;

namespace MassEmail.Core.Sending;

/// <summary>The final state of one claimed delivery, stored in bulk with the others of its batch.</summary>
public sealed record DeliveryOutcome(string DeliveryId, DeliveryState State, SkipReason Skip, int Attempts, string MessageId, string Error);
