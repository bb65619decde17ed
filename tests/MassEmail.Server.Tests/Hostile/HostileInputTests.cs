using System.Text;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using MassEmail.Server.Hosting;
using MassEmail.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>
/// The hostile-input suite: every RPC of the contract (read from the descriptors), each with its generated
/// corpus (see <see cref="MutationGenerator"/>), through a real HTTP/2 connection to the server process.
/// Each hostile request must get a client-error status (or OK) with a message under 1 KB and field details
/// when INVALID_ARGUMENT, answer within the bound, leave the process up and SERVING, and — when refused —
/// leave every table or collection of the store as it was.
/// </summary>
public abstract class HostileInputTests(HostileServerFixture fixture, ITestOutputHelper output)
{
    /// <summary>Longer than any honest answer on a loaded machine; a call still running then is a hang.</summary>
    private static readonly TimeSpan CallBound = TimeSpan.FromMinutes(2);

    private static readonly HashSet<StatusCode> ClientErrors =
    [
        StatusCode.OK, StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.AlreadyExists, StatusCode.FailedPrecondition,
        StatusCode.Aborted, StatusCode.OutOfRange, StatusCode.ResourceExhausted, StatusCode.PermissionDenied,
    ];

    public static TheoryData<string> Methods => new(ContractMethods.All.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void EveryRpcOfTheContract_HasASeedRequest()
    {
        var missing = ContractMethods.All.Keys.Except(Seeds.All.Keys).Order().ToList();
        var stale = Seeds.All.Keys.Except(ContractMethods.All.Keys).Order().ToList();
        output.WriteLine($"hostile-input suite: {ContractMethods.All.Count - missing.Count} of {ContractMethods.All.Count} RPCs of {ContractMethods.Package} covered");
        Assert.True(missing.Count == 0, $"RPCs without a seed request in Hostile/Seeds.cs: {string.Join(", ", missing)}");
        Assert.True(stale.Count == 0, $"seeds for RPCs that no longer exist: {string.Join(", ", stale)}");
    }

    [SkippableTheory]
    [MemberData(nameof(Methods))]
    public async Task HostileRequests_GetAClientError_AndNeverCrashHangOrChangeTheStore(string method)
    {
        var world = await fixture.WorldAsync();
        var descriptor = ContractMethods.All[method];
        var seed = Seeds.All[method];
        var mutations = MutationGenerator.For(await seed.Build(world));
        var failures = new List<string>();
        var codes = new SortedDictionary<StatusCode, int>();
        var slowest = TimeSpan.Zero;
        // A refused request leaves the store as it was, so its fingerprint after is the next one's before;
        // an accepted one may have changed it (and may have started a send), so the next one looks again.
        IReadOnlyDictionary<string, string>? before = null;
        foreach (var mutation in mutations)
        {
            if (before is null)
            {
                await fixture.QuiesceAsync();
                before = await fixture.FingerprintAsync();
            }

            var request = mutation.Request();
            var (status, trailers, took) = await RawCall.InvokeAsync(fixture.Invoker, descriptor, request, CallBound);
            codes[status.StatusCode] = codes.GetValueOrDefault(status.StatusCode) + 1;
            slowest = took > slowest ? took : slowest;
            var problem = Judge(status, trailers, request.Length);
            if (!await fixture.IsServingAsync())
            {
                var alive = fixture.Server.Pid is not null;
                failures.Add($"{mutation.Name}: {(alive ? "the server stopped answering health" : "the server process died")} ({status.StatusCode}); its last output:\n{Tail(fixture.Server.OutputTail)}");
                await fixture.RestartAsync();
                before = null;
                continue;
            }

            if (status.StatusCode == StatusCode.OK)
            {
                before = null;
            }
            else
            {
                var after = await fixture.FingerprintAsync();
                var changed = StoreFingerprint.Changed(before, after);
                if (changed.Count > 0)
                {
                    problem ??= $"refused with {status.StatusCode}, but the store changed: {string.Join(", ", changed)}";
                }

                before = after;
            }

            if (problem is not null)
            {
                failures.Add($"{mutation.Name}: {problem}");
            }
        }

        await fixture.QuiesceAsync();
        var check = await RawCall.InvokeAsync(fixture.Invoker, descriptor, (await seed.Build(world)).ToByteArray(), CallBound);
        output.WriteLine($"{method}: {mutations.Count} hostile requests; {string.Join(", ", codes.Select(c => $"{c.Key} {c.Value}"))}; slowest {slowest.TotalMilliseconds:F0} ms; seed request: {check.Status.StatusCode}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {mutations.Count} hostile requests to {method} misbehaved:\n{string.Join('\n', failures.Take(40))}");
        Assert.True(check.Status.StatusCode == seed.Expected, $"the seed request of {method} answered {check.Status.StatusCode} ({check.Status.Detail}), not {seed.Expected}: its hostile variants did not start from a valid request");
    }

    /// <summary>What is wrong with a status, or null.</summary>
    private static string? Judge(global::Grpc.Core.Status status, Metadata trailers, int requestBytes)
    {
        if (status.StatusCode == StatusCode.Cancelled && requestBytes > ServerLimits.MaxReceiveMessageBytes)
        {
            // Over the size limit the server answers RESOURCE_EXHAUSTED and resets the stream it will not read to its
            // end; a client still writing may see the reset (CANCELLED) before the trailers.
            return null;
        }

        if (!ClientErrors.Contains(status.StatusCode))
        {
            return $"answered {status.StatusCode}: {Quote(status.Detail)}";
        }

        var bytes = Encoding.UTF8.GetByteCount(status.Detail);
        if (bytes >= 1024)
        {
            return $"the status message is {bytes} bytes: {Quote(status.Detail)}";
        }

        if (status.StatusCode == StatusCode.InvalidArgument)
        {
            var details = trailers.GetValueBytes("grpc-status-details-bin") is { } raw ? Google.Rpc.Status.Parser.ParseFrom(raw) : null;
            if (details?.Details.FirstOrDefault(d => d.Is(BadRequest.Descriptor))?.Unpack<BadRequest>() is not { FieldViolations.Count: > 0 })
            {
                return $"INVALID_ARGUMENT without field details: {Quote(status.Detail)}";
            }
        }

        return null;
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(15));

    private static string Quote(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

[Trait("Store", "Sqlite")]
public sealed class HostileInputSqliteTests(SqliteHostileServerFixture f, ITestOutputHelper o) : HostileInputTests(f, o), IClassFixture<SqliteHostileServerFixture>;

[Trait("Store", "Mongo")]
public sealed class HostileInputMongoTests(MongoHostileServerFixture f, ITestOutputHelper o) : HostileInputTests(f, o), IClassFixture<MongoHostileServerFixture>;
