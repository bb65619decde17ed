namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// Which send the next batch is claimed from. A round gives every organisation with a sending send one turn (in the
/// order of their oldest sends), and an organisation's turns go to its sends in turn, so that one organisation's
/// 10-recipient send starts within a round while another's million-recipient send runs, and an organisation with many
/// sends gets no more turns than one with one. Rounds are planned from a fresh list of sending sends, so a paused or
/// cancelled send drops out within a round. Not thread-safe: its user serialises calls.
/// </summary>
internal sealed class SendRotation
{
    private readonly Queue<MassSend> round = new();
    private Dictionary<string, string> lastTurn = new(StringComparer.Ordinal);

    /// <summary>Turns in the round planned last.</summary>
    public int RoundSize { get; private set; }

    public bool IsEmpty => round.Count == 0;

    /// <summary>Plans the next round from the sending sends (any order).</summary>
    public void Plan(IReadOnlyList<MassSend> sending)
    {
        round.Clear();
        var turns = new Dictionary<string, string>(StringComparer.Ordinal);
        var byOrg = sending.GroupBy(s => s.OrgId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(s => s.Id, StringComparer.Ordinal).ToList())
            .OrderBy(g => g[0].Id, StringComparer.Ordinal);
        foreach (var sends in byOrg)
        {
            // The organisation's send after the one its last turn went to (ids grow with time), or its oldest.
            var last = lastTurn.GetValueOrDefault(sends[0].OrgId);
            var next = last is null ? sends[0] : sends.FirstOrDefault(s => string.CompareOrdinal(s.Id, last) > 0) ?? sends[0];
            round.Enqueue(next);
            if (last is not null)
            {
                turns[next.OrgId] = last;
            }
        }

        // Organisations that no longer send are forgotten: the memory is bounded by the sending ones.
        lastTurn = turns;
        RoundSize = round.Count;
    }

    /// <summary>The next turn of the round; null when the round is over.</summary>
    public MassSend? Next()
    {
        if (!round.TryDequeue(out var send))
        {
            return null;
        }

        lastTurn[send.OrgId] = send.Id;
        return send;
    }
}
