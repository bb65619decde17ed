namespace MassEmail.Storage.Mongo.Documents;

/// <summary>Element names of a <c>list_subscriptions</c> document, for the audience pipelines that join it raw.</summary>
internal static class SubscriptionFields
{
    public const string OrgId = "org_id";
    public const string ListId = "list_id";
    public const string RecordId = "record_id";
    public const string State = "state";
    public const string Source = "source";
    public const string At = "at";
}
