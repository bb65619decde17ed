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
}
