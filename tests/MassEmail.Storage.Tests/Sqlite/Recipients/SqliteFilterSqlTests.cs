using Dapper;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;
using MassEmail.Storage.Sqlite;
using MassEmail.Storage.Sqlite.Recipients.Criteria;
using MassEmail.Storage.Tests.Contracts;
using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite.Recipients;

/// <summary>What only the SQLite criteria translation promises: bound operands, quoted JSON keys, C#-identical folding.</summary>
public sealed class SqliteFilterSqlTests(SqliteStoreFixture fixture) : StoreContract(fixture), IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public void Translate_OperandWithSql_BindsItAndNeverWritesItIntoTheQuery()
    {
        const string hostile = "x'); DROP TABLE records; --";
        var bag = new SqlParameterBag();

        var sql = new FilterSql(bag, "@orgId").Translate(new AnyOf(
        [
            new FieldFilter(StandardFields.Path(StandardFields.LastName), FilterOperator.Equals, [FieldValue.Of(hostile)]),
            new ClientMatches(new FieldFilter(new FieldPath("industry", true, FieldType.String), FilterOperator.Contains, [FieldValue.Of(hostile)])),
        ]));

        Assert.DoesNotContain("DROP", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(hostile.ToLowerInvariant(), bag.Parameters.ParameterNames.Select(n => bag.Parameters.Get<object>(n)));
    }

    [Fact]
    public void Translate_CustomFieldNameWithQuote_ThrowsNotSupported()
    {
        var filter = new FieldFilter(new FieldPath("say \"hi\"", true, FieldType.String), FilterOperator.IsEmpty, []);

        Assert.Throws<NotSupportedException>(() => new FilterSql(new SqlParameterBag(), "@orgId").Translate(filter));
    }

    [SkippableTheory]
    [InlineData("a.b")]
    [InlineData("x[0]")]
    [InlineData("$ref")]
    [InlineData("naïve 😀 name")]
    [InlineData("with 'single' quotes")]
    public async Task SearchAsync_CustomFieldNameNeedingQuotes_IsAddressed(string name)
    {
        var orgId = await NewOrgAsync();
        RecipientRecord match = RecipientData.Record(orgId) with { Custom = RecipientData.Custom((name, FieldValue.Of("Wert")), ("other", FieldValue.Of("x"))) };
        RecipientRecord miss = RecipientData.Record(orgId) with { Custom = RecipientData.Custom(("other", FieldValue.Of("Wert"))) };
        IRecordStore records = Store<IRecordStore>();
        await records.UpsertAsync(orgId, RecordModule.Candidates, [match, miss], Ct);
        var filter = new FieldFilter(new FieldPath(name, true, FieldType.String), FilterOperator.Equals, [FieldValue.Of("WERT")]);

        IReadOnlyList<RecipientRecord> found = await records.SearchAsync(new RecordSearch(orgId, RecordModule.Candidates, filter, null, 10), Ct);

        Assert.Equal([match.Id], found.Select(r => r.Id));
    }

    [SkippableTheory]
    [InlineData("MÜLLER")]
    [InlineData("ÀÉÎÕÜ ÇÑ ØÅ Æ")]
    [InlineData("ΣΑΣ ΟΔΥΣΣΕΥΣ")]
    [InlineData("İSTANBUL ǅ ẞ")]
    [InlineData("ПЕТРОВ Ё")]
    [InlineData("ＡＢＣ 😀 Ⅻ")]
    public async Task MeFold_OnEveryConnection_FoldsExactlyLikeToLowerInvariant(string text)
    {
        await using SqliteConnection db = await Fixture.Store.Get<SqliteConnectionFactory>().OpenAsync(Ct);

        var folded = await db.ExecuteScalarAsync<string>($"SELECT {SqliteFunctions.Fold}(@text);", new { text });

        Assert.Equal(text.ToLowerInvariant(), folded);
        Assert.Null(await db.ExecuteScalarAsync<string?>($"SELECT {SqliteFunctions.Fold}(NULL);"));
    }
}
