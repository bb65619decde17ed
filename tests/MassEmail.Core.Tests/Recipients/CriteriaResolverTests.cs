using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Criteria;

namespace MassEmail.Core.Tests.Recipients;

public sealed class CriteriaResolverTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 15, 30, 0, TimeSpan.Zero);

    private static readonly FieldCatalog Candidates = new(
        RecordModule.Candidates,
        new Dictionary<string, FieldType> { ["years"] = FieldType.Number, ["skills"] = FieldType.List, ["start"] = FieldType.Date },
        new Dictionary<string, FieldType> { ["industry"] = FieldType.String });

    private static CriteriaCondition When(string field, ConditionOperator op, params FieldValue[] values) => new(field, op, values, 0);

    [Fact]
    public void Resolve_WithinLastDays_IsAbsoluteRangeEndingNow()
    {
        var filter = CriteriaResolver.Resolve(new CriteriaCondition("start", ConditionOperator.WithinLastDays, [], 7), Candidates, Now);

        var f = Assert.IsType<FieldFilter>(filter);
        Assert.Equal(FilterOperator.Between, f.Operator);
        Assert.Equal(Now.AddDays(-7).ToUnixTimeMilliseconds(), f.Values[0].UnixMilliseconds);
        Assert.Equal(Now.ToUnixTimeMilliseconds(), f.Values[1].UnixMilliseconds);
    }

    [Fact]
    public void Resolve_DateEquals_IsTheWholeUtcDay()
    {
        var f = Assert.IsType<FieldFilter>(CriteriaResolver.Resolve(When("created_time", ConditionOperator.Equals, FieldValue.Of(Now)), Candidates, Now));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), f.Values[0].UnixMilliseconds);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() - 1, f.Values[1].UnixMilliseconds);
    }

    [Fact]
    public void Resolve_ClientField_WrapsConditionForTheRelatedClient()
    {
        var filter = CriteriaResolver.Resolve(When("client.industry", ConditionOperator.Equals, FieldValue.Of("IT")), Candidates, Now);

        var client = Assert.IsType<ClientMatches>(filter);
        Assert.Equal(new FieldPath("industry", true, FieldType.String), client.Inner.Field);
    }

    [Fact]
    public void Resolve_ManyProblems_ReportsEachWithItsPath()
    {
        var tree = new CriteriaGroup(false,
        [
            When("nope", ConditionOperator.Equals, FieldValue.Of("x")),
            new CriteriaGroup(true, [When("years", ConditionOperator.Contains, FieldValue.Of("1")), When("years", ConditionOperator.Between, FieldValue.Of(1))]),
            When("skills", ConditionOperator.InList, FieldValue.Of(3)),
        ]);

        var e = Assert.Throws<ValidationException>(() => CriteriaResolver.Resolve(tree, Candidates, Now));

        Assert.Equal(
            [
                "criteria.group.children[0].condition.field",
                "criteria.group.children[1].group.children[0].condition.operator",
                "criteria.group.children[1].group.children[1].condition.values",
                "criteria.group.children[2].condition.values[0]",
            ],
            e.Violations.Select(v => v.Field));
    }

    [Fact]
    public void Resolve_ClientFieldOnClients_IsRefused()
    {
        var clients = Candidates with { Module = RecordModule.Clients };
        var e = Assert.Throws<ValidationException>(() => CriteriaResolver.Resolve(When("client.industry", ConditionOperator.IsEmpty), clients, Now));
        Assert.Equal("criteria.condition.field", e.Violations.Single().Field);
    }

    [Fact]
    public void Resolve_TooManyConditions_IsRefused()
    {
        var many = new CriteriaGroup(true, Enumerable.Range(0, CriteriaLimits.MaxConditions + 1).Select(_ => (CriteriaNode)When("first_name", ConditionOperator.IsEmpty)).ToList());
        var e = Assert.Throws<ValidationException>(() => CriteriaResolver.Resolve(many, Candidates, Now));
        Assert.Contains("more than", e.Violations.Single().Description);
    }

    [Fact]
    public void CriteriaJson_RoundTrip_KeepsRelativeDatesAndTypes()
    {
        var tree = new CriteriaGroup(true,
        [
            new CriteriaCondition("start", ConditionOperator.WithinNextDays, [], 30),
            When("skills", ConditionOperator.InList, FieldValue.Of("c#"), FieldValue.Of("sql")),
            When("years", ConditionOperator.Between, FieldValue.Of(1), FieldValue.Of(2.5)),
            When("email_opt_out", ConditionOperator.Equals, FieldValue.Of(false)),
            When("created_time", ConditionOperator.GreaterThan, FieldValue.Of(Now)),
        ]);

        var back = CriteriaJson.Deserialize(CriteriaJson.Serialize(tree));

        Assert.Equal(CriteriaJson.Serialize(tree), CriteriaJson.Serialize(back));
        var group = Assert.IsType<CriteriaGroup>(back);
        Assert.Equal(30, Assert.IsType<CriteriaCondition>(group.Children[0]).Days);
        Assert.Equal(FieldValue.Of(2.5), Assert.IsType<CriteriaCondition>(group.Children[2]).Values[1]);
        Assert.Equal(FieldValue.Of(Now), Assert.IsType<CriteriaCondition>(group.Children[4]).Values[0]);
    }
}
