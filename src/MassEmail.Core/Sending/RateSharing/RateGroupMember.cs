namespace MassEmail.Core.Sending.RateSharing;

/// <summary>One instance in a <see cref="RateGroup"/>.</summary>
/// <param name="Id">Random per process start, so a restarted process is a new member.</param>
/// <param name="Share">Permits per second the instance may use; only the instance itself changes it.</param>
/// <param name="Wants">Whether the instance has mail to send (an idle one gives its share back).</param>
/// <param name="Beat">Changes with each of the instance's writes: others judge it alive by watching it change, on their own clock.</param>
public sealed record RateGroupMember(string Id, int Share, bool Wants, long Beat);
