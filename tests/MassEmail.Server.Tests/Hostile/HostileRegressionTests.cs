using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Hostile;

/// <summary>
/// The hostile inputs an outside tester found (hardening issue, defects 2 to 4), each as it was sent, over
/// a real HTTP/2 connection to the server process: huge names echoed into trailers the client never read,
/// timestamps out of range, criteria nested past a JSON depth limit, and bytes that are no message at all.
/// </summary>
public abstract class HostileRegressionTests(HostileServerFixture fixture)
{
    [SkippableFact]
    public async Task SearchRecords_ConditionFieldOf30000Characters_IsRefusedWithABoundedReply_AndTheConnectionStaysUsable()
    {
        var world = await fixture.WorldAsync();
        var request = new SearchRecordsRequest
        {
            Module = RecordModule.Candidates,
            Criteria = new Criteria { Condition = new Condition { Field = new string('f', 30_000), Operator = ConditionOperator.IsEmpty } },
        };

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => world.Recipients.SearchRecordsAsync(request, deadline: Deadline()).ResponseAsync);

        AssertBounded(e);
        Assert.Contains("criteria.condition.field", e.ViolatedFields());
        Assert.True(await fixture.IsServingAsync(), "health on the same connection after the refusal");
    }

    [SkippableTheory]
    [InlineData(50_000)]
    [InlineData(1_000_000)]
    public async Task UpsertRecord_CustomFieldNameOfManyCharacters_IsRefusedWithABoundedReply(int length)
    {
        var world = await fixture.WorldAsync();
        var record = world.Candidate($"long-name-{length}");
        record.CustomFields[new string('n', length)] = new FieldValue { StringValue = "x" };

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => world.Recipients.UpsertRecordAsync(
            new UpsertRecordRequest { Module = RecordModule.Candidates, Record = record }, deadline: Deadline()).ResponseAsync);

        AssertBounded(e);
        Assert.Contains(e.ViolatedFields(), f => f.StartsWith("record.custom.nnnn", StringComparison.Ordinal));
        Assert.Contains(e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations, v => v.Description.Contains("at most 64 characters", StringComparison.Ordinal));
        Assert.True(await fixture.IsServingAsync());
    }

    [SkippableTheory]
    [InlineData(999_999_999_999L, 0)]
    [InlineData(0L, -1)]
    [InlineData(-99_999_999_999L, 0)]
    [InlineData(0L, 1_000_000_000)]
    public async Task UpsertRecord_DateOutOfTimestampRange_IsInvalidArgumentNamingTheField(long seconds, int nanos)
    {
        var world = await fixture.WorldAsync();
        var record = world.Candidate($"date-{seconds}-{nanos}");
        record.CustomFields["start"] = new FieldValue { DateValue = new Timestamp { Seconds = seconds, Nanos = nanos } };

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => world.Recipients.UpsertRecordAsync(
            new UpsertRecordRequest { Module = RecordModule.Candidates, Record = record }, deadline: Deadline()).ResponseAsync);

        Assert.Contains("record.custom.start", e.ViolatedFields());
        var stored = await world.Recipients.SearchRecordsAsync(new SearchRecordsRequest
        {
            Module = RecordModule.Candidates,
            Criteria = new Criteria { Condition = new Condition { Field = "external_id", Operator = ConditionOperator.Equals, Values = { new FieldValue { StringValue = record.ExternalId } } } },
        });
        Assert.Empty(stored.Records);
    }

    [SkippableFact]
    public async Task SearchRecords_CriteriaDateOutOfTimestampRange_IsInvalidArgumentNamingTheValue()
    {
        var world = await fixture.WorldAsync();
        var request = new SearchRecordsRequest
        {
            Module = RecordModule.Candidates,
            Criteria = new Criteria
            {
                Condition = new Condition { Field = "start", Operator = ConditionOperator.GreaterThan, Values = { new FieldValue { DateValue = new Timestamp { Seconds = 999_999_999_999 } } } },
            },
        };

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => world.Recipients.SearchRecordsAsync(request, deadline: Deadline()).ResponseAsync);

        Assert.Contains("criteria.condition.values[0]", e.ViolatedFields());
    }

    [SkippableTheory]
    [InlineData(6)]
    [InlineData(45)]
    public async Task SearchRecords_CriteriaNestedPastTheLimit_IsInvalidArgumentNamingTheDepth(int depth)
    {
        var world = await fixture.WorldAsync();
        var criteria = new Criteria { Condition = new Condition { Field = "city", Operator = ConditionOperator.IsNotEmpty } };
        for (var i = 1; i < depth; i++)
        {
            criteria = new Criteria { Group = new CriteriaGroup { Operator = GroupOperator.And, Children = { criteria } } };
        }

        var e = await RpcAssert.Fails(StatusCode.InvalidArgument, () => world.Recipients.SearchRecordsAsync(
            new SearchRecordsRequest { Module = RecordModule.Candidates, Criteria = criteria, PageSize = 1 }, deadline: Deadline()).ResponseAsync);

        Assert.Contains("criteria" + string.Concat(Enumerable.Repeat(".group.children[0]", 5)), e.ViolatedFields());
        Assert.Contains("nests deeper than 5 levels", e.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MalformedRequests()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in new[] { "massemail.v1.RecipientsService/SearchRecords", "massemail.v1.MassSendService/WatchMassSend", "massemail.v1.RecipientsService/ImportRecords" })
        {
            foreach (var kind in new[] { "garbage", "truncated", "invalid UTF-8" })
            {
                data.Add(method, kind);
            }
        }

        // The recursive messages of the contract: criteria, and google.protobuf.Struct.
        data.Add("massemail.v1.RecipientsService/SearchRecords", "criteria nested 10,000 deep");
        data.Add("massemail.v1.TemplatesService/RenderTemplate", "record_fields nested 10,000 deep");
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(MalformedRequests))]
    public async Task AnyRpc_BytesThatAreNoValidMessage_AreInvalidArgument(string method, string kind)
    {
        var world = await fixture.WorldAsync();
        byte[] request = kind switch
        {
            "garbage" => Enumerable.Range(0, 512).Select(i => (byte)(i * 37 % 251)).ToArray(),
            "truncated" => new SearchRecordsRequest { Module = RecordModule.Candidates, Criteria = world.CityIsBerlin(), PageToken = "abcdef" }.ToByteArray()[..^3],
            "invalid UTF-8" => WireFormat.WithInvalidUtf8(method switch
            {
                "massemail.v1.RecipientsService/SearchRecords" => new SearchRecordsRequest { Module = RecordModule.Candidates, PageToken = WireFormat.InvalidUtf8Marker },
                "massemail.v1.MassSendService/WatchMassSend" => new WatchMassSendRequest { Id = WireFormat.InvalidUtf8Marker },
                _ => new ImportRecordsRequest { Module = RecordModule.Candidates, Records = { new RecordInput { ExternalId = WireFormat.InvalidUtf8Marker } } },
            }),
            "criteria nested 10,000 deep" => WireFormat.Nested([2], [1, 2], 10_000, []),
            _ => WireFormat.Nested([3], [1, 2, 5], 10_000, []),
        };

        var (status, trailers, _) = await RawCall.InvokeAsync(fixture.Invoker, ContractMethods.All[method], request, TimeSpan.FromMinutes(2));

        Assert.True(status.StatusCode == StatusCode.InvalidArgument, $"{method} with {kind} bytes answered {status.StatusCode}: {status.Detail}");
        Assert.True(Encoding.UTF8.GetByteCount(status.Detail) < 1024);
        Assert.NotNull(trailers.GetValueBytes("grpc-status-details-bin"));
        Assert.True(await fixture.IsServingAsync());
    }

    private static DateTime Deadline() => DateTime.UtcNow.AddMinutes(2);

    private static void AssertBounded(RpcException e)
    {
        var message = Encoding.UTF8.GetByteCount(e.Status.Detail);
        Assert.True(message < 1024, $"status message of {message} bytes");
        var details = e.Trailers.GetValueBytes("grpc-status-details-bin")?.Length ?? 0;
        Assert.True(details is > 0 and <= 4096, $"status details of {details} bytes");
    }
}

[Trait("Store", "Sqlite")]
public sealed class HostileRegressionSqliteTests(SqliteHostileServerFixture f) : HostileRegressionTests(f), IClassFixture<SqliteHostileServerFixture>;

[Trait("Store", "Mongo")]
public sealed class HostileRegressionMongoTests(MongoHostileServerFixture f) : HostileRegressionTests(f), IClassFixture<MongoHostileServerFixture>;
