using System.ComponentModel.DataAnnotations;

namespace MassEmail.Server.Hosting;

/// <summary>Which store the service runs on (configuration section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>Sqlite</c> (embedded default, one machine) or <c>Mongo</c> (production, several instances).</summary>
    [RegularExpression("^(Sqlite|Mongo)$", ErrorMessage = "Storage:Provider must be Sqlite or Mongo.")]
    public string Provider { get; set; } = "Sqlite";
}
