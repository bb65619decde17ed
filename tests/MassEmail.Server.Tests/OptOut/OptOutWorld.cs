using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Recipients;
using MassEmail.Server.Tests.Sending;

namespace MassEmail.Server.Tests.OptOut;

/// <summary>An organisation with candidates that got one mass send each, and the links read back from the emulator.</summary>
internal sealed class OptOutWorld
{
    private OptOutWorld(OptOutServer fixture, SendHelpers.Setup setup, string domain)
    {
        Fixture = fixture;
        Setup = setup;
        Domain = domain;
    }

    public OptOutServer Fixture { get; }

    public SendHelpers.Setup Setup { get; }

    public string Domain { get; }

    public RecipientsService.RecipientsServiceClient Recipients => new(Setup.Invoker);

    /// <summary>Seeds <paramref name="candidates"/> candidates at a domain of their own.</summary>
    public static async Task<OptOutWorld> CreateAsync(OptOutServer fixture, int candidates)
    {
        var domain = $"{Guid.NewGuid():N}.example";
        var setup = await SendHelpers.SeedAsync(fixture.Server, "Opt-out Org", domain, candidates);
        return new OptOutWorld(fixture, setup, domain);
    }

    /// <summary>A dynamic list holding every candidate.</summary>
    public async Task<string> CreateListAsync(string name) =>
        (await Recipients.CreateMailingListAsync(new CreateMailingListRequest
        {
            List = new MailingList { Module = RecordModule.Candidates, Name = name, Criteria = R.And() },
        })).List.Id;

    /// <summary>Sends to every candidate (or to the list), waits for the end, and returns the send and its mail by recipient.</summary>
    public async Task<(MassSend Send, Dictionary<string, Mailed> Mail)> SendAsync(string? listId = null)
    {
        var request = SendHelpers.Start(Setup.TemplateId, Guid.NewGuid().ToString("N"));
        if (listId is not null)
        {
            request.Audience = new Audience { ListId = listId };
        }

        var before = (await MailAsync()).Select(e => e.MessageId).ToHashSet();
        var start = await Setup.Sends.StartMassSendAsync(request);
        var final = (await SendHelpers.WatchAsync(Setup.Sends, start.Send.Id))[^1];
        var mail = (await MailAsync()).Where(e => !before.Contains(e.MessageId))
            .ToDictionary(e => e.Destination.To.Single(), e => new Mailed(e, LinkOf(e)));
        return (final, mail);
    }

    private async Task<IEnumerable<StoredEmail>> MailAsync() =>
        (await Fixture.Emulator.ReadStoreAsync()).Emails.Where(e => e.Destination.To.Single().EndsWith("@" + Domain, StringComparison.Ordinal));

    /// <summary>The https link of a message's List-Unsubscribe header, as the recipient's mail program reads it.</summary>
    public static string LinkOf(StoredEmail mail) =>
        mail.Header("List-Unsubscribe").Split(", ")[0].TrimStart('<').TrimEnd('>');

    /// <summary>Where the test reaches a public link: the proxy in front is left out, the path stays.</summary>
    public Uri Local(string link) => new(Fixture.Server.PublicAddress!, new Uri(link).AbsolutePath);
}

/// <summary>One message and its unsubscribe link.</summary>
internal sealed record Mailed(StoredEmail Mail, string Link);
