using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Scheduling;

/// <summary>Days of the week between the contract's <see cref="V1.Weekday"/> lists and Core's bit sets of <see cref="DayOfWeek"/> (bit 0 Sunday).</summary>
internal static class WeekdayMapping
{
    /// <summary>The bit set of <paramref name="days"/>; a day outside MONDAY to SUNDAY is a violation of <paramref name="field"/>.</summary>
    public static int ToBits(IEnumerable<V1.Weekday> days, RequestCheck check, string field)
    {
        var bits = 0;
        foreach (var day in days)
        {
            if (day is < V1.Weekday.Monday or > V1.Weekday.Sunday)
            {
                check.Violation(field, "must be MONDAY to SUNDAY");
                continue;
            }

            bits |= 1 << ((int)day % 7);
        }

        return bits;
    }

    /// <summary>The days of <paramref name="bits"/>, Monday first.</summary>
    public static IEnumerable<V1.Weekday> FromBits(int bits) =>
        Enumerable.Range(1, 7).Where(d => (bits & (1 << (d % 7))) != 0).Select(d => (V1.Weekday)d);
}
