using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using MassEmail.Contracts.V1;

namespace MassEmail.Cli.Tests;

/// <summary><c>schedules list|show|occurrences</c> against the CLI tests' server, with a schedule made through the API.</summary>
[Collection(CliServerCollection.Name)]
public sealed class CliSchedulesTests(CliServerFixture server) : IDisposable
{
    private readonly TempDirectory directory = new();

    [SkippableFact]
    public async Task Schedules_ListShowOccurrences_ShowTheScheduleMadeThroughTheApi()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var schedule = await CreateScheduleAsync($"Weekly digest {Guid.NewGuid():N}");
        var cli = new CliProcess(Path.Combine(directory.Path, "config"));
        var login = await cli.RunAsync("login", "--url", server.Url, "--api-key", server.ApiKey);
        Assert.True(login.ExitCode == ExitCodes.Ok, login.ToString());

        var list = await cli.RunAsync("schedules", "list", "--limit", "0", "--json");
        var listText = await cli.RunAsync("schedules", "list", "--limit", "0");
        var show = await cli.RunAsync("schedules", "show", schedule.Id);
        var occurrences = await cli.RunAsync("schedules", "occurrences", schedule.Id, "--json");

        Assert.True(list.ExitCode == ExitCodes.Ok, list.ToString());
        var listed = list.Json().EnumerateArray().Single(s => s.GetProperty("id").GetString() == schedule.Id);
        Assert.Equal(schedule.Name, listed.GetProperty("name").GetString());
        Assert.Equal("Europe/Warsaw", listed.GetProperty("timeZone").GetString());
        Assert.Contains(schedule.Id, listText.Stdout, StringComparison.Ordinal);
        Assert.True(show.ExitCode == ExitCodes.Ok, show.ToString());
        Assert.Contains("weekly on Mon,Thu, 10 times", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("2031-03-03 09:30 Europe/Warsaw", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("2031-03-03 08:30:00Z", show.Stdout, StringComparison.Ordinal); // next fire, in UTC (CET is UTC+1)
        Assert.True(occurrences.ExitCode == ExitCodes.Ok, occurrences.ToString());
        Assert.Equal(0, occurrences.Json().GetArrayLength()); // none due yet
    }

    [SkippableFact]
    public async Task SchedulesShow_UnknownSchedule_ExitsNotFound()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var cli = new CliProcess(Path.Combine(directory.Path, "config"));
        await cli.RunAsync("login", "--url", server.Url, "--api-key", server.ApiKey);

        var show = await cli.RunAsync("schedules", "show", "0123456789abcdef01234567", "--json");
        var occurrences = await cli.RunAsync("schedules", "occurrences", "0123456789abcdef01234567");

        Assert.Equal(5, show.ExitCode); // NOT_FOUND
        Assert.Equal("NOT_FOUND", show.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(5, occurrences.ExitCode);
    }

    public void Dispose() => directory.Dispose();

    private async Task<Schedule> CreateScheduleAsync(string name)
    {
        using var channel = GrpcChannel.ForAddress(server.Url);
        var invoker = channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {server.ApiKey}");
            return metadata;
        });
        var view = await new RecipientsService.RecipientsServiceClient(invoker).CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Module = RecordModule.Contacts, Name = name, Criteria = new Criteria { Group = new CriteriaGroup { Operator = GroupOperator.And } } },
        });
        var template = await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = name, Subject = "Digest", HtmlBody = "<p>Digest</p>" },
        });
        return (await new SchedulesService.SchedulesServiceClient(invoker).CreateScheduleAsync(new CreateScheduleRequest
        {
            Schedule = new Schedule
            {
                Name = name,
                Module = RecordModule.Contacts,
                ViewId = view.View.Id,
                TemplateId = template.Template.Id,
                From = AddressChoice.Organisation,
                ReplyTo = AddressChoice.Account,
                Active = true,
                Start = new LocalDateTime { Year = 2031, Month = 3, Day = 3, Hour = 9, Minute = 30 },
                TimeZone = "Europe/Warsaw",
                Recurrence = new Recurrence
                {
                    Weekly = new WeeklyRecurrence { Days = { Weekday.Monday, Weekday.Thursday } },
                    Count = 10,
                },
            },
        })).Schedule;
    }
}
