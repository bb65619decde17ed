using MassEmail.Contracts.V1;

namespace MassEmail.Server.Tests.Drills;

/// <summary>A step the drills share: reading every delivery of a send back.</summary>
internal static class DrillSteps
{
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
