using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Sending;

namespace MassEmail.Server.Tests.OptOut;

/// <summary>
/// A Kestrel server with the SES emulator whose links start with a public https base URL with a path, as behind a
/// TLS-terminating proxy: tests read links from the emulator and open them at <see cref="MassEmailServer.PublicAddress"/>.
/// The opt-out loops (publishing to the campaign tools, polling them) are off: the test servers' vendors are unreachable,
/// so the loops would only retry, rewriting their bookkeeping (<c>consent_outbox</c>, <c>opt_out_polls</c>,
/// <c>access_tokens</c>) beneath the tests that compare the whole store before and after a request (a CI run caught it).
/// </summary>
public abstract class OptOutServer(StoreKind store) : EmulatorServerFixture(store, 5000, new Dictionary<string, string?>
{
    ["Public:BaseUrl"] = BaseUrl,
    ["Sending:UnsubscribeMailto"] = Mailto,
    ["Sending:BatchSize"] = "20",
    ["Plugins:OptOuts:Enabled"] = "false",
}, kestrel: true)
{
    public const string BaseUrl = "https://links.example.test/mail";

    public const string Mailto = "unsubscribe@links.example.test";
}

public sealed class SqliteOptOutServer() : OptOutServer(StoreKind.Sqlite);

public sealed class MongoOptOutServer() : OptOutServer(StoreKind.Mongo);
