using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MassEmail.Plugins.Tests;

/// <summary>
/// What the outbox worker will do, reduced to the plugin level: changes wait in sequence order; each round hands the
/// first <c>batchSize</c> of them to the plugin; applied and rejected ones leave, the others stay in place (so a
/// contact's later changes stay behind its earlier ones). When a round moves nothing, virtual time jumps to the
/// earliest <see cref="MembershipResult.RetryAt"/>: a vendor's 30-minute lock costs no real time.
/// </summary>
internal static class OutboxDriver
{
    public static async Task<IReadOnlyList<MembershipResult>> RunAsync(
        ICampaignToolPlugin plugin, PluginConnection connection, string listId, IEnumerable<MembershipChange> changes, FakeTimeProvider time,
        int batchSize = 500, Action<int>? afterRound = null)
    {
        var pending = changes.OrderBy(c => c.Sequence).ToList();
        var done = new List<MembershipResult>();
        for (var round = 0; pending.Count > 0; round++)
        {
            Assert.True(round < 100_000, $"no convergence: {pending.Count} changes left");
            var batch = pending.Take(batchSize).ToList();
            var results = await plugin.ApplyAsync(connection, listId, batch, CancellationToken.None);
            Assert.Equal(batch.Count, results.Count);
            var finished = results.Where(r => r.Outcome != MembershipOutcome.RetryLater).ToList();
            done.AddRange(finished);
            var finishedSequences = finished.Select(r => r.Change.Sequence).ToHashSet();
            pending.RemoveAll(c => finishedSequences.Contains(c.Sequence));
            afterRound?.Invoke(round);
            if (finished.Count == 0)
            {
                var next = results.Min(r => r.RetryAt!.Value);
                time.SetUtcNow(next > time.GetUtcNow() ? next : time.GetUtcNow() + TimeSpan.FromSeconds(1));
            }
        }

        return done;
    }
}
