using Dapper;
using MassEmail.Core;
using MassEmail.Core.Sending;
using MassEmail.Core.Storage;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MassEmail.Storage.Tests.Sqlite.Sending;

/// <summary>Migration 4 adds the per-send delivery counts and fills them from the deliveries already stored.</summary>
public sealed class SqliteDeliveryCountsMigrationTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task InitializeAsync_FileAtVersion3WithDeliveries_CountsThemPerSendAndState()
    {
        string org = Ids.New(), one = Ids.New(), two = Ids.New();
        var (path, db) = await fixture.NewFileAtVersionAsync(3);
        await using (db)
        {
            // Send one: 2 pending, 1 claimed, 3 sent, 1 unknown; send two: 1 skipped.
            (string Send, DeliveryState State)[] rows =
            [
                (one, DeliveryState.Pending), (one, DeliveryState.Pending), (one, DeliveryState.Claimed), (one, DeliveryState.Sent),
                (one, DeliveryState.Sent), (one, DeliveryState.Sent), (one, DeliveryState.Unknown), (two, DeliveryState.Skipped),
            ];
            foreach (var (send, state) in rows)
            {
                await db.ExecuteAsync(
                    """
                    INSERT INTO deliveries (id, org_id, send_id, record_id, email, state, skip, attempts, claimed_by, lease_until, message_id, error, updated_at)
                    VALUES (@id, @org, @send, @record, 'a@example.com', @state, 0, 0, NULL, NULL, '', '', 0);
                    """,
                    new { id = Ids.New(), org, send, record = Ids.New(), state = (long)state });
            }
        }

        await using ServiceProvider services = SqliteStoreFixture.BuildServices(path);
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        IDeliveryStore deliveries = services.GetRequiredService<IDeliveryStore>();

        // Migration 10 turns the row an earlier build left CLAIMED into UNKNOWN, counts included.
        Assert.Equal(new DeliveryCounts(2, 0, 3, 0, 0, 2), await deliveries.CountAsync(org, one, CancellationToken.None));
        Assert.Equal(new DeliveryCounts(0, 0, 0, 0, 1, 0), await deliveries.CountAsync(org, two, CancellationToken.None));
        Assert.Equal(new DeliveryCounts(0, 0, 0, 0, 0, 0), await deliveries.CountAsync(Ids.New(), one, CancellationToken.None));
    }
}
