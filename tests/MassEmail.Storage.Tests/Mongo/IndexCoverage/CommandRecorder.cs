using System.Collections.Concurrent;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver.Core.Events;

namespace MassEmail.Storage.Tests.Mongo.IndexCoverage;

/// <summary>Keeps a copy of every command a client sends to a store's database (<c>massemail_test_*</c>), from the driver's command events.</summary>
public sealed class CommandRecorder
{
    private readonly ConcurrentQueue<(string Name, BsonDocument Command)> commands = new();

    public IReadOnlyCollection<(string Name, BsonDocument Command)> Commands => commands;

    public void OnStarted(CommandStartedEvent e)
    {
        if (e.DatabaseNamespace?.DatabaseName.StartsWith("massemail_test_", StringComparison.Ordinal) == true)
        {
            // The event's document may be backed by the outgoing buffer: copy it now.
            commands.Enqueue((e.CommandName, BsonSerializer.Deserialize<BsonDocument>(e.Command.ToBson())));
        }
    }
}
