using MassEmail.Core.Sending;
using MongoDB.Bson.Serialization.Attributes;

namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// The <c>counts</c> of a <c>delivery_batches</c> document: how many of the batch's rows (those whose <c>batch_id</c>
/// is the batch's <c>_id</c>) were in each state when the batch was last settled (see <see cref="Sending.MongoDeliveryCounts"/>).
/// </summary>
[BsonIgnoreExtraElements]
internal sealed class DeliveryBatchCountsDocument
{
    [BsonElement("pending")]
    public long Pending { get; set; }

    /// <summary>Rows an earlier build left CLAIMED (none once they are adopted).</summary>
    [BsonElement("claimed")]
    public long Claimed { get; set; }

    [BsonElement("sent")]
    public long Sent { get; set; }

    [BsonElement("failed")]
    public long Failed { get; set; }

    [BsonElement("skipped")]
    public long Skipped { get; set; }

    [BsonElement("unknown")]
    public long Unknown { get; set; }

    public static DeliveryBatchCountsDocument Of(IEnumerable<(DeliveryState State, long Count)> byState)
    {
        var counts = new DeliveryBatchCountsDocument();
        foreach ((DeliveryState state, long n) in byState)
        {
            counts.Add(state, n);
        }

        return counts;
    }

    public void Add(DeliveryState state, long n)
    {
        switch (state)
        {
            case DeliveryState.Pending: Pending += n; break;
            case DeliveryState.Claimed: Claimed += n; break;
            case DeliveryState.Sent: Sent += n; break;
            case DeliveryState.Failed: Failed += n; break;
            case DeliveryState.Skipped: Skipped += n; break;
            case DeliveryState.Unknown: Unknown += n; break;
            default: throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown delivery state.");
        }
    }
}
