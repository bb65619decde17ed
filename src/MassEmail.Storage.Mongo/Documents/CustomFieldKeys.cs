namespace MassEmail.Storage.Mongo.Documents;

/// <summary>
/// Custom field names are user-chosen, but '.' separates path segments and a leading '$' marks an
/// operator in MongoDB. Names are stored percent-encoded ('%', '.', '$' and NUL), which keeps
/// ordinary names readable and makes the encoding reversible.
/// </summary>
internal static class CustomFieldKeys
{
    public static string Encode(string name)
    {
        if (name.AsSpan().IndexOfAny("%.$\0") < 0)
        {
            return name;
        }

        return name.Replace("%", "%25", StringComparison.Ordinal)
            .Replace(".", "%2E", StringComparison.Ordinal)
            .Replace("$", "%24", StringComparison.Ordinal)
            .Replace("\0", "%00", StringComparison.Ordinal);
    }

    public static string Decode(string key) => key.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(key) : key;
}
