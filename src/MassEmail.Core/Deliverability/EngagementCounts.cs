namespace MassEmail.Core.Deliverability;

/// <summary>A send's recorded provider events, counted per recipient event.</summary>
/// <param name="BouncedPermanent">Permanent bounces SES attempted (not the addresses on SES's suppression list).</param>
public sealed record EngagementCounts(long Delivered, long BouncedPermanent, long BouncedTransient, long Complained, long Opened, long Clicked);
