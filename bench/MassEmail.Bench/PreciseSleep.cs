using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MassEmail.Bench;

/// <summary>
/// Waits until a Stopwatch timestamp with sub-millisecond accuracy without spinning: on a 2-core
/// machine a spinning pacer would take a core from the server it measures, and Thread.Sleep's
/// millisecond granularity would make the pacer late by up to 1 ms at 2,000 requests/s.
/// </summary>
internal static partial class PreciseSleep
{
    public static void Until(long timestamp)
    {
        while (true)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            var micros = remaining * 1_000_000 / Stopwatch.Frequency;
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                _ = usleep((uint)Math.Max(1, micros));
            }
            else if (micros > 1_000)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for one blittable call.
    [DllImport("libc", EntryPoint = "usleep")]
    private static extern int usleep(uint microseconds);
#pragma warning restore SYSLIB1054
}
