using Google.Protobuf.WellKnownTypes;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Recipients;

/// <summary>Builders that keep the recipients tests readable.</summary>
internal static class R
{
    public static RecipientsService.RecipientsServiceClient Client(ServerFixture fixture, string key) =>
        new(fixture.Server.Invoker(key));

    public static RecordInput Candidate(string externalId, string email, string firstName = "Ada", bool optOut = false, params (string Name, FieldValue Value)[] custom)
    {
        var input = new RecordInput { ExternalId = externalId, Email = email, FirstName = firstName, LastName = "Test", EmailOptOut = optOut };
        foreach (var (name, value) in custom)
        {
            input.CustomFields[name] = value;
        }

        return input;
    }

    public static FieldValue Text(string s) => new() { StringValue = s };

    public static FieldValue Number(double n) => new() { NumberValue = n };

    public static FieldValue Date(DateTimeOffset d) => new() { DateValue = Timestamp.FromDateTimeOffset(d) };

    public static Criteria Where(string field, ConditionOperator op, params FieldValue[] values) =>
        new() { Condition = new Condition { Field = field, Operator = op, Values = { values } } };

    public static Criteria And(params Criteria[] children) =>
        new() { Group = new CriteriaGroup { Operator = GroupOperator.And, Children = { children } } };

    public static Criteria Or(params Criteria[] children) =>
        new() { Group = new CriteriaGroup { Operator = GroupOperator.Or, Children = { children } } };
}
