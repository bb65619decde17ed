using System.Runtime.CompilerServices;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Suppressions;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// Marks the members of an audience stream whose address is on the organisation's suppression list as
/// <see cref="SkipReason.Suppressed"/>, looking them up a chunk at a time (one store query per chunk, flat memory).
/// A member skipped for an earlier reason keeps it: the first reason in <see cref="SkipReason"/>'s order is reported.
/// </summary>
internal static class SuppressedMembers
{
    private const int ChunkSize = 500;

    public static async IAsyncEnumerable<AudienceMember> MarkAsync(
        IAsyncEnumerable<AudienceMember> members, ISuppressionStore suppressions, string orgId, [EnumeratorCancellation] CancellationToken ct)
    {
        var chunk = new List<AudienceMember>(ChunkSize);
        await foreach (var member in members.WithCancellation(ct))
        {
            chunk.Add(member);
            if (chunk.Count == ChunkSize)
            {
                foreach (var marked in await MarkChunkAsync(chunk, suppressions, orgId, ct))
                {
                    yield return marked;
                }

                chunk.Clear();
            }
        }

        foreach (var marked in await MarkChunkAsync(chunk, suppressions, orgId, ct))
        {
            yield return marked;
        }
    }

    private static async Task<List<AudienceMember>> MarkChunkAsync(
        List<AudienceMember> chunk, ISuppressionStore suppressions, string orgId, CancellationToken ct)
    {
        List<string> keys = [.. chunk.Where(m => m.Skip == SkipReason.None).Select(KeyOf).Distinct(StringComparer.Ordinal)];
        var suppressed = keys.Count == 0 ? new HashSet<string>() : await suppressions.FindSuppressedAsync(orgId, keys, ct);
        return [.. chunk.Select(m => m.Skip == SkipReason.None && suppressed.Contains(KeyOf(m)) ? m with { Skip = SkipReason.Suppressed } : m)];
    }

    private static string KeyOf(AudienceMember m) => SuppressionService.KeyOf(m.EmailNormalized.Length > 0 ? m.EmailNormalized : m.Email);
}
