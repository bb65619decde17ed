namespace MassEmail.Storage.Tests.Fixtures;

/// <summary>
/// Mongo stores that never inline the clients a client condition selects (<c>ClientConditionInlineLimit</c> 0): every
/// client condition runs as a join, the path a condition matching more clients than the limit takes.
/// </summary>
public sealed class MongoJoinedClientsFixture : MongoStoreFixture
{
    public MongoJoinedClientsFixture()
    {
        StoreSettings = Joined;
    }

    public static IReadOnlyDictionary<string, string?> Joined { get; } = new Dictionary<string, string?> { ["ClientConditionInlineLimit"] = "0" };
}
