namespace MassEmail.Core.Sending.RateSharing;

/// <summary>
/// The instances that send through one provider account (e.g. one SES account) and their shares of its rate:
/// one per store and account, written as a whole with optimistic concurrency on <see cref="Version"/>, so the
/// shares of all members never add up to more than the account's rate. Not an organisation's: every
/// organisation's mail goes through the account.
/// </summary>
/// <param name="Key">Names the account (<see cref="SendingOptions.RateLimitGroup"/>, by default the transport's name).</param>
/// <param name="Version">1 for the first write; each write stores the next.</param>
/// <param name="Throttles">How often members reported the provider's throttling; members that see it grow slow down too.</param>
/// <param name="Members">The instances (dead ones too, until a live one sees that their beat stopped).</param>
public sealed record RateGroup(string Key, long Version, long Throttles, IReadOnlyList<RateGroupMember> Members);
