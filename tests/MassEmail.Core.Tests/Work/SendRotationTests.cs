using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;
using MassEmail.Core.Sending.Dispatch;

namespace MassEmail.Core.Tests.Work;

/// <summary><see cref="SendRotation"/>: organisations take turns, then their sends; a new send joins the next round.</summary>
public sealed class SendRotationTests
{
    private int next;

    [Fact]
    public void Plan_TwoOrganisationsOneWithTwoSends_EachOrganisationOneTurnPerRoundAndItsSendsAlternate()
    {
        var big = Send("org-a");
        var second = Send("org-a");
        var small = Send("org-b");
        var rotation = new SendRotation();
        List<MassSend> sending = [small, second, big];

        var turns = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            rotation.Plan(sending);
            Assert.Equal(2, rotation.RoundSize);
            while (rotation.Next() is { } send)
            {
                turns.Add(send.Id);
            }
        }

        Assert.Equal([big.Id, small.Id, second.Id, small.Id, big.Id, small.Id], turns);
    }

    [Fact]
    public void Plan_SendStartsWhileAnotherRuns_TurnInTheNextRound()
    {
        var big = Send("org-a");
        var rotation = new SendRotation();
        rotation.Plan([big]);
        Assert.Equal(big, rotation.Next());
        Assert.Null(rotation.Next());

        var small = Send("org-b");
        rotation.Plan([big, small]);

        Assert.Equal([big, small], [rotation.Next()!, rotation.Next()!]);
    }

    [Fact]
    public void Plan_LastServedSendFinished_OrganisationsNextSendServed()
    {
        var first = Send("org-a");
        var second = Send("org-a");
        var third = Send("org-a");
        var rotation = new SendRotation();
        rotation.Plan([first, second, third]);
        rotation.Next();
        rotation.Plan([first, second, third]);
        Assert.Equal(second, rotation.Next());

        rotation.Plan([first, third]);

        Assert.Equal(third, rotation.Next());
    }

    private MassSend Send(string org)
    {
        var at = DateTimeOffset.UnixEpoch;
        return new MassSend($"send-{next++:D4}", org, RecordModule.Candidates, "t", 1, AddressChoice.Organisation, AddressChoice.Account,
            "u", "{}", "{}", $"key-{next}", SendState.Sending, "", 10, new DateOnly(1970, 1, 1), 1, at, at, true, null, null, null);
    }
}
