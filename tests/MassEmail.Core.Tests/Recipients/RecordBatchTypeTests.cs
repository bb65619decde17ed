using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Records;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Tests.Recipients;

/// <summary>A custom field keeps the type it was first written with; rows giving it another type are refused.</summary>
public sealed class RecordBatchTypeTests
{
    private static readonly Caller Writer = new(Ids.New(), Ids.New(), Ids.New(), Permission.All);

    private readonly FieldStore fields = new();
    private readonly RecordService service;

    public RecordBatchTypeTests() => service = new RecordService(new CountingRecordStore(), fields, TimeProvider.System);

    [Fact]
    public async Task UpsertBatchAsync_AllRowsAgreeButTheFieldHasAnotherType_RefusesThem()
    {
        fields.Define("years", FieldType.Number);

        var result = await UpsertAsync(Row("a", ("years", FieldValue.Of("ten"))), Row("b", ("years", FieldValue.Of("two"))), Row("c"));

        Assert.Equal([(1L, "custom.years"), (2L, "custom.years")], result.Errors.Select(e => (e.Row, e.Field)));
        Assert.Equal([3L], result.Outcomes.Select(o => o.Row));
    }

    [Fact]
    public async Task UpsertBatchAsync_RowsDisagreeOnANewField_TheFirstTypeWins()
    {
        var result = await UpsertAsync(Row("a", ("level", FieldValue.Of(1))), Row("b", ("level", FieldValue.Of("high"))), Row("c", ("level", FieldValue.Of(2))));

        Assert.Equal([(2L, "custom.level")], result.Errors.Select(e => (e.Row, e.Field)));
        Assert.Equal([1L, 3L], result.Outcomes.Select(o => o.Row));
        Assert.Equal(FieldType.Number, fields.TypeOf("level"));
    }

    [Fact]
    public async Task UpsertBatchAsync_RowsMatchTheStoredTypes_AcceptsAll()
    {
        fields.Define("years", FieldType.Number);

        var result = await UpsertAsync(Row("a", ("years", FieldValue.Of(1))), Row("b", ("years", FieldValue.Of(2)), ("city", FieldValue.Of("Paris"))));

        Assert.Empty(result.Errors);
        Assert.Equal([1L, 2L], result.Outcomes.Select(o => o.Row));
    }

    private Task<UpsertBatchResult> UpsertAsync(params RecordInput[] rows) =>
        service.UpsertBatchAsync(Writer, RecordModule.Candidates, rows, 1, service.NewFieldCache(Writer), CancellationToken.None);

    private static RecordInput Row(string id, params (string Name, FieldValue Value)[] custom) =>
        new(id, "", "Ada", "Test", $"{id}@example.com", "", "", "", false, custom.ToDictionary(c => c.Name, c => c.Value));

    private sealed class FieldStore : ICustomFieldStore
    {
        private readonly Dictionary<string, FieldType> types = [];

        public void Define(string name, FieldType type) => types[name] = type;

        public FieldType TypeOf(string name) => types[name];

        public Task<IReadOnlyList<CustomFieldDefinition>> ListAsync(string orgId, RecordModule module, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<CustomFieldDefinition>>(
                [.. types.Select(t => new CustomFieldDefinition(orgId, module, t.Key, t.Value, DateTimeOffset.UnixEpoch))]);

        public Task DefineAsync(CustomFieldDefinition definition, CancellationToken ct)
        {
            types.TryAdd(definition.Name, definition.Type);
            return Task.CompletedTask;
        }
    }

    private sealed class CountingRecordStore : UpsertOnlyRecordStore
    {
        public override Task<IReadOnlyList<UpsertOutcome>> UpsertAsync(string orgId, RecordModule module, IReadOnlyList<RecipientRecord> records, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<UpsertOutcome>>([.. records.Select(r => new UpsertOutcome(UpsertResult.Inserted, r.Id))]);
    }
}
