using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Server.Tests.Infrastructure;
using MassEmail.Server.Tests.Recipients;

namespace MassEmail.Server.Tests.Scheduling;

/// <summary>An organisation with a candidate, a view of every candidate and a template, and schedules of them.</summary>
internal sealed record ScheduleSetup(MassEmailServer Server, string OrgId, string AdminUserId, string Key, CallInvoker Invoker, string ViewId, string TemplateId)
{
    public MassSendService.MassSendServiceClient Sends => new(Invoker);

    /// <summary>The same organisation, called through another instance.</summary>
    public ScheduleSetup On(MassEmailServer server) => this with { Server = server, Invoker = server.Invoker(Key) };

    public SchedulesService.SchedulesServiceClient Schedules => new(Invoker);

    public static async Task<ScheduleSetup> CreateAsync(MassEmailServer server, string domain, int? bulkDailyLimit = null)
    {
        var org = await server.CreateOrganisationAsync($"Schedules {domain}", bulkDailyLimit: bulkDailyLimit);
        var invoker = server.Invoker(org.AdminKey.Secret);
        var recipients = new RecipientsService.RecipientsServiceClient(invoker);
        await recipients.UpsertRecordAsync(new UpsertRecordRequest { Module = RecordModule.Candidates, Record = R.Candidate("c1", $"ada@{domain}") });
        var view = await recipients.CreateCustomViewAsync(new CreateCustomViewRequest
        {
            View = new CustomView { Module = RecordModule.Candidates, Name = "Everyone", Criteria = R.And() },
        });
        var template = await new TemplatesService.TemplatesServiceClient(invoker).CreateTemplateAsync(new CreateTemplateRequest
        {
            Template = new Template { Name = "News", Subject = "Hi {{ record.first_name }}", HtmlBody = "<p>News</p>" },
        });
        return new ScheduleSetup(server, org.Organisation.Id, org.Admin.Id, org.AdminKey.Secret, invoker, view.View.Id, template.Template.Id);
    }

    public Schedule Draft(DateTime startLocal, string zone = "Europe/Warsaw", Recurrence? recurrence = null) => new()
    {
        Name = "Weekly news",
        Module = RecordModule.Candidates,
        ViewId = ViewId,
        TemplateId = TemplateId,
        From = AddressChoice.Organisation,
        ReplyTo = AddressChoice.Account,
        Active = true,
        Start = new LocalDateTime { Year = startLocal.Year, Month = startLocal.Month, Day = startLocal.Day, Hour = startLocal.Hour, Minute = startLocal.Minute },
        TimeZone = zone,
        Recurrence = recurrence,
    };

    public async Task<List<MassSend>> SendsAsync() => [.. (await Sends.ListMassSendsAsync(new ListMassSendsRequest { PageSize = 200 })).Sends];

    public async Task<Schedule> CreateAsync(Schedule draft) => (await Schedules.CreateScheduleAsync(new CreateScheduleRequest { Schedule = draft })).Schedule;

    public async Task<List<Occurrence>> OccurrencesAsync(string scheduleId) =>
        [.. (await Schedules.ListOccurrencesAsync(new ListOccurrencesRequest { ScheduleId = scheduleId, PageSize = 200 })).Occurrences];
}
