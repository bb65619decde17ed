namespace MassEmail.Core.Scheduling;

/// <summary>IANA time zones of schedules and wall-clock times in them (the BCL's zone data, no scheduler library).</summary>
public static class ScheduleZones
{
    public const int MaxIdLength = 64;

    /// <summary>The zone with IANA id <paramref name="id"/>, or null for anything else (Windows ids included).</summary>
    public static TimeZoneInfo? Find(string id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'))
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId ? zone : null;
    }

    /// <summary>
    /// The instant of wall-clock <paramref name="local"/> in <paramref name="zone"/>, with the zone's offset; the first
    /// of the two when the clocks go back over it; null when the clocks skip it.
    /// </summary>
    public static DateTimeOffset? ToInstant(TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return null;
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary><paramref name="instant"/> with the offset <paramref name="zone"/> has at that instant.</summary>
    public static DateTimeOffset InZone(TimeZoneInfo zone, DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);
}
