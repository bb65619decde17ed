using Dapper;
using MassEmail.Core;
using MassEmail.Core.Sending;
using MassEmail.Core.Storage;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

/// <summary>Migration 5 rebuilds the deliveries table keyed by (send, id): every stored row and its state survives (and migration 10 batches them).</summary>
public sealed class SqliteDeliveriesRekeyMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task InitializeAsync_FileAtVersion4WithDeliveries_KeepsEveryRowStateAndCountAndBatchesThemForClaims()
    {
        string org = Ids.New(), send = Ids.New();
        DeliveryState[] states = [DeliveryState.Pending, DeliveryState.Claimed, DeliveryState.Sent, DeliveryState.Pending, DeliveryState.Unknown, DeliveryState.Skipped];
        List<string> ids = [.. states.Select(_ => Ids.New())];
        var (path, db) = await fixture.NewFileAtVersionAsync(4);
        await using (db)
        {
            for (var i = 0; i < states.Length; i++)
            {
                await db.ExecuteAsync(
                    """
                    INSERT INTO deliveries (id, org_id, send_id, record_id, email, state, skip, attempts, claimed_by, lease_until, message_id, error, updated_at)
                    VALUES (@id, @org, @send, @record, @email, @state, 0, @attempts, @claimedBy, @leaseUntil, @messageId, '', 1000);
                    """,
                    new
                    {
                        id = ids[i],
                        org,
                        send,
                        record = Ids.New(),
                        email = $"r{i}@example.com",
                        state = (long)states[i],
                        attempts = (long)i,
                        claimedBy = states[i] == DeliveryState.Claimed ? "old-worker" : null,
                        leaseUntil = states[i] == DeliveryState.Claimed ? 5000L : (long?)null,
                        messageId = states[i] == DeliveryState.Sent ? "ses-1" : "",
                    });
            }

            await db.ExecuteAsync(
                "INSERT INTO delivery_counts (send_id, state, org_id, n) SELECT @send, value, @org, 0 FROM json_each('[1,2,3,4,5,6]');", new { send, org });
            await db.ExecuteAsync(
                "UPDATE delivery_counts SET n = (SELECT count(*) FROM deliveries d WHERE d.send_id = delivery_counts.send_id AND d.state = delivery_counts.state);");
        }

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        IDeliveryStore deliveries = services.GetRequiredService<IDeliveryStore>();

        var all = await deliveries.ListAsync(org, send, null, null, null, 100, CancellationToken.None);
        Assert.Equal([.. ids.Order(StringComparer.Ordinal)], all.Select(d => d.Id));
        Assert.All(all, d => Assert.Equal(states[ids.IndexOf(d.Id)] is DeliveryState.Claimed ? DeliveryState.Unknown : states[ids.IndexOf(d.Id)], d.State));
        // Migration 10: the row an earlier build left CLAIMED is UNKNOWN (its worker is gone), the PENDING ones are in a batch.
        Assert.Equal((DeliveryState.Unknown, null, null), (all.Single(d => d.Id == ids[1]).State, all.Single(d => d.Id == ids[1]).ClaimedBy, all.Single(d => d.Id == ids[1]).LeaseUntil));
        Assert.Equal("ses-1", Assert.Single(all, d => d.State == DeliveryState.Sent).MessageId);
        Assert.Equal(new DeliveryCounts(2, 0, 1, 0, 1, 2), await deliveries.CountAsync(org, send, CancellationToken.None));

        var next = await deliveries.ClaimBatchAsync(send, "new-worker", DateTimeOffset.FromUnixTimeMilliseconds(9000), CancellationToken.None);
        Assert.Equal([ids[0], ids[3]], next!.Rows.Select(d => d.Id));
        Assert.Null(await deliveries.ClaimBatchAsync(send, "other-worker", DateTimeOffset.FromUnixTimeMilliseconds(9000), CancellationToken.None));
        Assert.Equal(0, await deliveries.ExpireLeasesAsync(DateTimeOffset.FromUnixTimeMilliseconds(10000), CancellationToken.None));

        // The UNKNOWN rows are in batches too, so requeueing them makes them claimable.
        Assert.Equal(2, await deliveries.RequeueUnknownAsync(org, send, CancellationToken.None));
        var requeued = await deliveries.ClaimBatchAsync(send, "new-worker", DateTimeOffset.FromUnixTimeMilliseconds(99000), CancellationToken.None);
        Assert.Equal([ids[0], ids[1], ids[3], ids[4]], requeued!.Rows.Select(d => d.Id));
    }
}
