using System.Net;
using System.Net.Sockets;

namespace MassEmail.Server.Tests.Infrastructure;

/// <summary>
/// The test kit's free ports (issue 10, item 8): two servers of one test once got the same port, because the helper
/// bound port 0, closed it and handed the number out. Ports now come from below the ephemeral range, once each.
/// </summary>
public sealed class FreePortTests
{
    [Fact]
    public void Next_ManyCalls_NeverTheSamePortTwiceAndEachBinds()
    {
        var ports = Enumerable.Range(0, 50).Select(_ => FreePort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        var ephemeral = FreePort.EphemeralRange();
        Assert.All(ports, p => Assert.True(p < ephemeral.Low || p > ephemeral.High, $"{p} is in the ephemeral range {ephemeral}"));
        using var listener = new TcpListener(IPAddress.Loopback, ports[^1]);
        listener.Start();
    }

    [Fact]
    public void Next_PortsTakenByAnotherProgram_AreSkipped()
    {
        // Take the ports the walk would hand out next: none of them may come out.
        var probe = FreePort.Next();
        var taken = new List<TcpListener>();
        try
        {
            foreach (var port in Enumerable.Range(probe + 1, 20).Where(p => p <= IPEndPoint.MaxPort))
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start();
                    taken.Add(listener);
                }
                catch (SocketException)
                {
                    listener.Dispose(); // Already taken by someone else: just as well.
                }
            }

            var next = FreePort.Next();
            Assert.DoesNotContain(next, taken.Select(l => ((IPEndPoint)l.LocalEndpoint).Port));
        }
        finally
        {
            taken.ForEach(l => l.Dispose());
        }
    }

    [Theory]
    [InlineData("32768\t60999\n", 32768, 60999)]
    [InlineData("1024 65000", 1024, 65000)]
    [InlineData("garbage", 32768, 60999)]
    [InlineData("60999 32768", 32768, 60999)]
    public void EphemeralRange_ReadsTheKernelsSetting_DefaultWhenUnreadable(string content, int low, int high)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, content);
            Assert.Equal((low, high), FreePort.EphemeralRange(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(32768, 60999, 20000, 32767)]
    [InlineData(10000, 60000, 60001, 65535)]
    [InlineData(1024, 65000, 20000, 29999)]
    public void CandidateRange_BelowTheEphemeralRangeElseAboveElseAFixedOne(int low, int high, int from, int to) =>
        Assert.Equal((from, to), FreePort.CandidateRange((low, high)));
}
