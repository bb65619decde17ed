using Dapper;
using MassEmail.Core;
using MassEmail.Core.Sending;
using MassEmail.Core.Storage;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

/// <summary>Migration 5 rebuilds the deliveries table keyed by (send, id): every stored row and its state survives.</summary>
public sealed class SqliteDeliveriesRekeyMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task InitializeAsync_FileAtVersion4WithDeliveries_KeepsEveryRowStateAndCountAndClaimsInIdOrder()
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
        Assert.All(all, d => Assert.Equal(states[ids.IndexOf(d.Id)], d.State));
        var claimed = Assert.Single(all, d => d.State == DeliveryState.Claimed);
        Assert.Equal(("old-worker", DateTimeOffset.FromUnixTimeMilliseconds(5000)), (claimed.ClaimedBy, claimed.LeaseUntil));
        Assert.Equal("ses-1", Assert.Single(all, d => d.State == DeliveryState.Sent).MessageId);
        Assert.Equal(new DeliveryCounts(2, 1, 1, 0, 1, 1), await deliveries.CountAsync(org, send, CancellationToken.None));

        var next = await deliveries.ClaimAsync(send, "new-worker", 10, DateTimeOffset.FromUnixTimeMilliseconds(9000), CancellationToken.None);
        Assert.Equal([ids[0], ids[3]], next.Select(d => d.Id));
        Assert.Equal(1, await deliveries.ExpireLeasesAsync(DateTimeOffset.FromUnixTimeMilliseconds(6000), CancellationToken.None));
        Assert.Equal(new DeliveryCounts(0, 2, 1, 0, 1, 2), await deliveries.CountAsync(org, send, CancellationToken.None));
    }
}
