using MassEmail.Core.Errors;

namespace MassEmail.Core.Recipients;

/// <summary>
/// The refusal of record ids that name no record of a module in the caller's organisation. An unknown
/// id, another organisation's and another module's are reported alike, so that a caller never learns
/// whether a record of another organisation exists. Both the violations and the ids named in the
/// message are bounded, whatever the number of ids.
/// </summary>
internal static class UnknownRecordIds
{
    /// <summary>Bad ids that get a field violation each (the first ones in request order).</summary>
    public const int MaxViolations = 20;

    /// <summary>Bad ids named in the status message.</summary>
    public const int MaxNamed = 5;

    /// <summary>
    /// Throws <see cref="ValidationException"/> when an id of <paramref name="requested"/> is not among
    /// <paramref name="existing"/>; <paramref name="fieldOf"/> gives the field path of the id at an index.
    /// </summary>
    public static void ThrowIfAny(IReadOnlyList<string> requested, IEnumerable<string> existing, RecordModule module, Func<int, string> fieldOf)
    {
        var known = existing.ToHashSet(StringComparer.Ordinal);
        var missing = requested.Select((id, i) => (Id: id, Index: i)).Where(x => !known.Contains(x.Id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // Well-formed ids only reach here (24 hexadecimal characters), so quoting them whole is safe.
        var distinct = missing.Select(m => m.Id).Distinct(StringComparer.Ordinal).ToList();
        var more = distinct.Count > MaxNamed ? $" and {distinct.Count - MaxNamed} more" : "";
        var summary = distinct.Count == 1
            ? $"1 record id names no {module} record: {distinct[0]}."
            : $"{distinct.Count} record ids name no {module} record: {string.Join(", ", distinct.Take(MaxNamed))}{more}.";
        throw new ValidationException(
            summary,
            [.. missing.Take(MaxViolations).Select(m => new FieldViolation(fieldOf(m.Index), $"no {module} record has the id '{m.Id}'"))]);
    }
}
