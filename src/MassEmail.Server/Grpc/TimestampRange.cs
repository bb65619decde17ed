using Google.Protobuf.WellKnownTypes;

namespace MassEmail.Server.Grpc;

/// <summary>
/// The range a <see cref="Timestamp"/> from a request must be in before it is converted: the one the
/// protobuf documentation gives (0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, nanos
/// 0 to 999,999,999). Converting a value outside it throws, which used to answer INTERNAL.
/// </summary>
internal static class TimestampRange
{
    public const string Problem = "must be a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z (nanos 0 to 999,999,999)";

    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    public static bool IsValid(Timestamp t) =>
        t.Seconds is >= MinSeconds and <= MaxSeconds && t.Nanos is >= 0 and <= 999_999_999;
}
