using MassEmail.Contracts.V1;

namespace MassEmail.Server.Tests.Drills;

/// <summary>Steps both drills share: waiting for a send's state and reading every delivery back.</summary>
internal static class DrillSteps
{
    /// <summary>
    /// Polls GetMassSend until the send is in <paramref name="state"/>. Fails with the last state and counts after
    /// <paramref name="timeout"/>, or sooner when neither the state nor any count changed for <paramref name="stall"/>.
    /// </summary>
    public static async Task<MassSend> WaitForStateAsync(
        MassSendService.MassSendServiceClient sends, string id, SendState state, TimeSpan timeout, TimeSpan stall, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lastChange = DateTime.UtcNow;
        MassSend? last = null;
        while (true)
        {
            var current = (await sends.GetMassSendAsync(new GetMassSendRequest { Id = id })).Send;
            if (current.State == state)
            {
                return current;
            }

            var now = DateTime.UtcNow;
            if (last is null || current.State != last.State || !Equals(current.Counts, last.Counts))
            {
                lastChange = now;
            }

            last = current;
            var why = now > deadline ? $"was not {state} within {timeout}"
                : now - lastChange > stall ? $"changed neither state nor counts for {stall} (never {state})"
                : null;
            if (why is not null)
            {
                throw new TimeoutException(
                    $"send {id} {why}: state {current.State}, counts {current.Counts}" + (diagnostics is null ? "" : $"; {diagnostics()}"));
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Every delivery of the send, through ListDeliveries paging.</summary>
    public static async Task<List<Delivery>> ReadAllDeliveriesAsync(MassSendService.MassSendServiceClient sends, string id)
    {
        var all = new List<Delivery>();
        var token = "";
        do
        {
            var page = await sends.ListDeliveriesAsync(new ListDeliveriesRequest { SendId = id, PageSize = 1000, PageToken = token });
            all.AddRange(page.Deliveries);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return all;
    }
}
