namespace MassEmail.Storage.Mongo;

/// <summary>Settings of the MongoDB store (configuration section <see cref="SectionName"/>).</summary>
public sealed class MongoStoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage:Mongo";

    /// <summary>
    /// A standard <c>mongodb://</c> or <c>mongodb+srv://</c> connection string; credentials, TLS, read
    /// and write concerns are set here. Required.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The database holding every collection of the service.</summary>
    public string Database { get; set; } = "massemail";

    /// <summary>
    /// The server-side time limit (<c>maxTimeMS</c>) of every query a criteria evaluation sends: record searches,
    /// audience counts, samples and previews, and the look-up of the clients a client condition selects. A query that
    /// runs longer is stopped by the server and the call fails with DEADLINE_EXCEEDED (reason
    /// <c>QUERY_TIME_LIMIT</c>) instead of holding a connection and the server. Default 30 seconds.
    /// </summary>
    public TimeSpan QueryTimeLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The time limit of each pass of a send's snapshot, which reads the whole audience (two passes). Past it the
    /// snapshot attempt fails like on any other store error (the rows written so far are kept, and a later attempt
    /// reads the audience again), so it must exceed the longest audience read: raise it for very large audiences.
    /// Default 30 minutes.
    /// </summary>
    public TimeSpan SnapshotTimeLimit { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The most clients a client condition (e.g. "client's industry is software") inlines into the records' query as a
    /// list of external ids. When more clients match, the query joins each record's client instead (a <c>$lookup</c>
    /// through the unique external id index), so the command stays small whatever the number of clients. Default 1000.
    /// </summary>
    public int ClientConditionInlineLimit { get; set; } = 1000;
}
