using System.Collections.Concurrent;
using MassEmail.Core;
using MassEmail.Core.Sending;
using MassEmail.Core.Tenancy;
using MassEmail.Storage.Tests.Contracts.Sending;
using MassEmail.Storage.Tests.Fixtures;
using MongoDB.Bson;

namespace MassEmail.Storage.Tests.Mongo.Sending;

/// <summary>
/// Issue 11, point 11: the workers' polling of sending sends, the re-read after each batch and the paused-send listing
/// carry no template content over the wire: the finds leave <c>content_json</c> out, the content is read once per send
/// by this process, and the sends returned still have it.
/// </summary>
public sealed class MongoSendContentTests(MongoStoreFixture fixture) : IClassFixture<MongoStoreFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [SkippableFact]
    public async Task ListSendingAndGet_Repeated_ReadTheContentOnceAndNeverInTheListing()
    {
        _ = fixture.ConnectionString;
        var replies = new ConcurrentQueue<(string Command, BsonDocument Reply)>();
        var commands = new ConcurrentQueue<BsonDocument>();
        await using StoreInstance store = await MongoStoreFixture.CapturingCommandsAndReplies(commands, replies).OpenFreshAsync();
        await store.InitializeAsync();
        Organisation org = TestData.Organisation();
        await store.Get<IOrganisationStore>().CreateAsync(org, Ct);
        var body = new string('b', 200_000);
        MassSend send = SendingData.Send(org.Id, Ids.New()) with { State = SendState.Sending, ContentJson = $"{{\"html\":\"{body}\"}}" };
        await store.Get<IMassSendStore>().InsertOrGetAsync(send, Ct);
        replies.Clear();
        commands.Clear();

        IMassSendStore sends = store.Get<IMassSendStore>();
        List<MassSend> seen = [];
        for (var round = 0; round < 3; round++)
        {
            seen.AddRange(await sends.ListSendingAsync(100, Ct));
            seen.Add((await sends.GetAsync(org.Id, send.Id, Ct))!);
        }

        Assert.All(seen, s => Assert.Equal(send.ContentJson, s.ContentJson));
        List<BsonDocument> finds = [.. commands.Where(c => c.Contains("find") && c["find"] == "mass_sends")];
        Assert.Equal(7, finds.Count);
        Assert.Equal(6, finds.Count(f => f.GetValue("projection", new BsonDocument()).AsBsonDocument == new BsonDocument("content_json", 0)));
        Assert.Single(finds, f => f.GetValue("projection", new BsonDocument()).AsBsonDocument.GetValue("content_json", 0).ToInt32() == 1);
        var carrying = replies.Count(r => r.Command == "find" && r.Reply.ToJson().Contains(body, StringComparison.Ordinal));
        Assert.Equal(1, carrying);
    }
}
