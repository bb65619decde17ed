using MassEmail.Contracts.V1;
using MassEmail.Core.Sending.Dispatch;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Drills;

/// <summary>
/// Throttling slows every instance of an account (issue 10 item 4): two servers on one store send through one SES
/// account, and only the first one's requests are throttled (its fake SES answers 429 to every first attempt). The
/// second one, which never got a 429, slows down too: the first reports the throttling in the store, where the
/// second reads it at its next beat.
/// </summary>
public abstract class SharedThrottlingTests(StoreKind storeKind, ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxSendRate = 100;
    private const int Recipients = 600;
    private const string Domain = "throttle.example";
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"massemail-shared-throttle-{Guid.NewGuid():N}");
    private DrillStore? store;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        store = new DrillStore(storeKind, directory);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task MassSend_OneProcessThrottledBySes_TheOtherProcessSlowsDownToo()
    {
        DrillStore.SkipIfUnavailable(storeKind);
        await using var throttling = await FakeSes.StartAsync(new FakeSesOptions
        {
            MaxSendRate = MaxSendRate,
            Decide = (_, attempt) => attempt == 1 ? FakeSesReply.Throttle : FakeSesReply.Accept,
        });
        await using var quiet = await FakeSes.StartAsync(new FakeSesOptions { MaxSendRate = MaxSendRate });
        using var throttled = new MassEmailServer(storeKind, Settings(throttling));
        using var other = new MassEmailServer(storeKind, Settings(quiet));
        // Both join the account's group before anything is sent.
        var throttledLimiter = await throttled.Services.GetRequiredService<TransportLimiter>().GetAsync(CancellationToken.None);
        var otherLimiter = await other.Services.GetRequiredService<TransportLimiter>().GetAsync(CancellationToken.None);

        var setup = await SendHelpers.SeedAsync(throttled, "Throttle Org", Domain, Recipients);
        var send = (await setup.Sends.StartMassSendAsync(SendHelpers.Start(setup.TemplateId, "shared-throttle"))).Send;
        string Diagnostics() =>
            $"429s answered to the throttled process: {throttling.Requests.Count(r => r.Reply == FakeSesReply.Throttle)}, "
            + $"its slow-downs {throttledLimiter.Slowdowns}; requests of the other: {quiet.Requests.Count}, its slow-downs {otherLimiter.Slowdowns}";
        await SendHelpers.WaitAsync(setup.Sends, send.Id, _ => otherLimiter.Slowdowns > 0, Diagnostics);

        output.WriteLine(Diagnostics());
        Assert.Contains(throttling.Requests, r => r.Reply == FakeSesReply.Throttle);
        Assert.DoesNotContain(quiet.Requests, r => r.Reply == FakeSesReply.Throttle);
        Assert.True(otherLimiter.Slowdowns > 0, Diagnostics());
        await setup.Sends.CancelMassSendAsync(new CancelMassSendRequest { Id = send.Id });
    }

    public async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>The shared store (the drills' environment variables as configuration keys) and this server's own fake SES.</summary>
    private Dictionary<string, string?> Settings(FakeSes ses)
    {
        var settings = store!.Environment.ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => (string?)kv.Value);
        settings["Ses:Endpoint"] = ses.BaseAddress.ToString();
        settings["Sending:PollInterval"] = "00:00:00.050";
        // Small batches, so that both servers claim some of the send.
        settings["Sending:BatchSize"] = "10";
        return settings;
    }
}

[Trait("Store", "Sqlite")]
public sealed class SharedThrottlingSqliteTests(ITestOutputHelper output) : SharedThrottlingTests(StoreKind.Sqlite, output);

[Trait("Store", "Mongo")]
public sealed class SharedThrottlingMongoTests(ITestOutputHelper output) : SharedThrottlingTests(StoreKind.Mongo, output);
