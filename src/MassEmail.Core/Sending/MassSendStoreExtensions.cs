using MassEmail.Core.Templates;

namespace MassEmail.Core.Sending;

/// <summary>The engine's one way to write a change of a send that others may write at the same time.</summary>
internal static class MassSendStoreExtensions
{
    /// <summary>
    /// Writes <paramref name="change"/> of the send as the store has it: of <paramref name="known"/> first (null: read it),
    /// read again after each version conflict, at most <paramref name="attempts"/> writes. The change returns null when
    /// there is nothing (more) to write. Returns the send as written; null when nothing was (the change declined, the
    /// send is gone, or every attempt met another version).
    /// </summary>
    public static async Task<MassSend?> ChangeAsync(
        this IMassSendStore sends, MassSend? known, string orgId, string id, Func<MassSend, MassSend?> change, int attempts, CancellationToken ct)
    {
        var current = known;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            current ??= await sends.GetAsync(orgId, id, ct);
            if (current is null || change(current) is not { } next)
            {
                return null;
            }

            if (await sends.ReplaceAsync(next, current.Version, ct) == WriteOutcome.Done)
            {
                return next;
            }

            current = null;
        }

        return null;
    }
}
