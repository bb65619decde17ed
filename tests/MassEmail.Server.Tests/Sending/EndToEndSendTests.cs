using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Recipients;
using Microsoft.Extensions.DependencyInjection;
using UnsubscribeLinks = MassEmail.Core.Sending.UnsubscribeLinks;

namespace MassEmail.Server.Tests.Sending;

/// <summary>
/// A 5,000-recipient send through the real SES emulator: every eligible recipient gets exactly one
/// message with the right merge values, From, Reply-To and List-Unsubscribe headers (read back from
/// the emulator's store); skipped recipients are listed with the right reasons.
/// </summary>
public abstract class EndToEndSendTests(EmulatorServer fixture)
{
    private const int Recipients = 5000;

    [SkippableFact]
    public async Task MassSend_5000Recipients_EachEligibleGetsExactlyOneCorrectMessage()
    {
        fixture.SkipIfUnavailable();
        var server = fixture.Server;
        var org = await server.CreateOrganisationAsync("E2E Org", bulkDailyLimit: 10_000);
        var invoker = server.Invoker(org.AdminKey.Secret);
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        var templates = new TemplatesService.TemplatesServiceClient(invoker);
        var sends = new MassSendService.MassSendServiceClient(invoker);

        var people = Enumerable.Range(0, Recipients).Select(i => (Id: $"c{i:D5}", Email: Email(i), First: $"First{i}", OptOut: i % 97 == 0)).ToList();
        using (var import = recipients.ImportRecords())
        {
            foreach (var chunk in people.Chunk(1000))
            {
                await import.RequestStream.WriteAsync(new ImportRecordsRequest
                {
                    Module = RecordModule.Candidates,
                    Records = { chunk.Select(p => R.Candidate(p.Id, p.Email, p.First, p.OptOut)) },
                });
            }

            await import.RequestStream.CompleteAsync();
            Assert.Equal(Recipients, (await import).Inserted);
        }

        var template = (await templates.CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template
            {
                Name = "E2E",
                Subject = "Hello {{ record.first_name }}",
                HtmlBody = "<p>Hi {{ record.first_name }} from {{ org.name }}. <a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></p>",
                From = new EmailAddress { Address = "jobs@e2e.example", DisplayName = "E2E Jobs" },
            },
        })).Template;

        var request = new StartMassSendRequest
        {
            Module = RecordModule.Candidates,
            TemplateId = template.Id,
            From = AddressChoice.Template,
            ReplyTo = AddressChoice.Organisation,
            Audience = new Audience { Criteria = R.And() },
            IdempotencyKey = "e2e-1",
        };
        var start = await sends.StartMassSendAsync(request);
        var again = await sends.StartMassSendAsync(request.Clone());
        Assert.Equal(start.Send.Id, again.Send.Id);

        var final = (await SendHelpers.WatchAsync(sends, start.Send.Id))[^1];

        var expected = Expected(people);
        Assert.Equal(MassEmail.Contracts.V1.SendState.Completed, final.State);
        Assert.Equal(expected.Count, final.Counts.Sent);
        Assert.Equal(0, final.Counts.Failed + final.Counts.Unknown + final.Counts.Pending + final.Counts.Claimed);

        var mail = (await fixture.Emulator.ReadStoreAsync()).Emails;
        var byRecipient = mail.GroupBy(m => Assert.Single(m.Destination.To)).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(expected.Keys.Order(), byRecipient.Keys.Order());
        Assert.All(byRecipient.Values, list => Assert.Single(list));
        var links = server.Services.GetRequiredService<UnsubscribeLinks>();
        foreach (var (to, list) in byRecipient)
        {
            var m = list[0];
            Assert.Equal($"Hello {expected[to]}", m.Subject);
            Assert.Contains($"Hi {expected[to]} from E2E Org", m.Body.Html);
            Assert.Equal("\"E2E Jobs\" <jobs@e2e.example>", m.From);
            Assert.Equal([org.Organisation.Email], m.ReplyTo);
            var unsubscribe = m.Header("List-Unsubscribe");
            Assert.StartsWith("<https://mail.example.com/unsubscribe/", unsubscribe);
            Assert.True(links.TryRead(unsubscribe.TrimStart('<').TrimEnd('>').Split('/')[^1], out var target));
            Assert.Equal((org.Organisation.Id, start.Send.Id), (target.OrgId, target.SendId));
            Assert.Equal("List-Unsubscribe=One-Click", m.Header("List-Unsubscribe-Post"));
        }

        await AssertSkippedAsync(sends, start.Send.Id, people);

        // The start reserved a place for every duplicate too; the snapshot gave those back.
        Assert.Equal(expected.Count, (await sends.GetUsageAsync(new GetUsageRequest())).BulkUsed);
    }

    private static string Email(int i) => (i % 250) switch
    {
        0 => "",
        1 => "not-an-address",
        2 => $"dup{i % 7}@E2E.example",
        3 => $"DUP{i % 7}@e2e.example",
        _ => $"person{i}@e2e.example",
    };

    /// <summary>Recipient address → first name of those who must get mail (computed here, not by the server).</summary>
    private static Dictionary<string, string> Expected(IEnumerable<(string Id, string Email, string First, bool OptOut)> people)
    {
        var expected = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in people.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (p.Email.Contains('@') && !p.OptOut && !expected.ContainsKey(p.Email))
            {
                expected[p.Email] = p.First;
            }
        }

        return expected.ToDictionary(kv => kv.Key.Split('@')[0] + "@" + kv.Key.Split('@')[1].ToLowerInvariant(), kv => kv.Value);
    }

    private static async Task AssertSkippedAsync(MassSendService.MassSendServiceClient sends, string id, List<(string Id, string Email, string First, bool OptOut)> people)
    {
        async Task<int> Count(SkipReason reason)
        {
            var page = await sends.ListDeliveriesAsync(new ListDeliveriesRequest
            {
                SendId = id,
                State = DeliveryState.Skipped,
                SkipReason = reason,
                PageSize = 1000,
            });
            return page.Deliveries.Count;
        }

        Assert.Equal(people.Count(p => p.Email.Length == 0), await Count(SkipReason.NoEmail));
        Assert.Equal(people.Count(p => p.Email == "not-an-address"), await Count(SkipReason.InvalidEmail));
        Assert.Equal(people.Count(p => p.Email.Contains('@') && p.OptOut), await Count(SkipReason.OptedOut));
        var eligibleDuplicates = people.Where(p => p.Email.Contains('@') && !p.OptOut).GroupBy(p => p.Email.ToLowerInvariant()).Sum(g => g.Count() - 1);
        Assert.Equal(eligibleDuplicates, await Count(SkipReason.Duplicate));
    }
}

[Trait("Store", "Sqlite")]
public sealed class EndToEndSendSqliteTests(SqliteEmulatorServer f) : EndToEndSendTests(f), IClassFixture<SqliteEmulatorServer>;

[Trait("Store", "Mongo")]
public sealed class EndToEndSendMongoTests(MongoEmulatorServer f) : EndToEndSendTests(f), IClassFixture<MongoEmulatorServer>;
