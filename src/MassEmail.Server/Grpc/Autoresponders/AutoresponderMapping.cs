using Google.Protobuf.WellKnownTypes;
using MassEmail.Core;
using MassEmail.Core.Autoresponders;
using MassEmail.Server.Grpc.Recipients;
using MassEmail.Server.Grpc.Scheduling;
using MassEmail.Server.Grpc.Sending;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Autoresponders;

/// <summary>Autoresponders between the contract and Core; shape errors are collected on a <see cref="RequestCheck"/> under <c>autoresponder.</c>.</summary>
internal static class AutoresponderMapping
{
    private const int MaxDelayHours = 365 * 24;

    public static AutoresponderDraft ToDraft(this V1.Autoresponder a, RequestCheck check)
    {
        var module = FieldValueMapping.ToCore(a.Module, check, "autoresponder.module");
        var trigger = ToCore(a.Trigger, check);
        if (a.Steps.Count > AutoresponderRules.MaxSteps)
        {
            check.Violation("autoresponder.steps", $"1 to {AutoresponderRules.MaxSteps} steps are required");
        }

        List<AutoresponderStep> steps = [];
        for (var i = 0; i < a.Steps.Count && i < AutoresponderRules.MaxSteps; i++)
        {
            steps.Add(ToCore(a.Steps[i], $"autoresponder.steps[{i}]", check));
        }

        var window = a.Window is null ? null : ToCore(a.Window, check);
        return new AutoresponderDraft(a.Name, module, trigger, steps, window);
    }

    public static V1.Autoresponder ToMessage(this Autoresponder a)
    {
        var message = new V1.Autoresponder
        {
            Id = a.Id,
            Name = a.Name,
            Module = a.Module.ToMessage(),
            Trigger = a.Trigger.Kind == TriggerKind.List ? new V1.AutoresponderTrigger { ListId = a.Trigger.TargetId } : new V1.AutoresponderTrigger { ViewId = a.Trigger.TargetId },
            Active = a.Active,
            ActivateTime = a.ActivatedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            Version = a.Version,
            CreatedByUserId = a.CreatedByUserId,
            CreateTime = Timestamp.FromDateTimeOffset(a.CreatedAt),
            UpdateTime = Timestamp.FromDateTimeOffset(a.UpdatedAt),
        };
        message.Steps.AddRange(a.Steps.Select(s => new V1.AutoresponderStep
        {
            TemplateId = s.TemplateId,
            DelayDays = (int)s.Delay.TotalHours / 24,
            DelayHours = (int)s.Delay.TotalHours % 24,
            From = (V1.AddressChoice)(int)s.From,
            ReplyTo = (V1.AddressChoice)(int)s.ReplyTo,
        }));
        if (a.Window is { } w)
        {
            message.Window = new V1.SendingWindow { StartMinute = w.StartMinute, EndMinute = w.EndMinute, TimeZone = w.TimeZone };
            message.Window.Days.AddRange(WeekdayMapping.FromBits(w.Days));
        }

        return message;
    }

    public static V1.Enrollment ToMessage(this Enrollment e) => new()
    {
        AutoresponderId = e.AutoresponderId,
        RecordId = e.RecordId,
        State = (V1.EnrollmentState)(int)e.State,
        StepsSent = e.Step,
        DueTime = e.State == EnrollmentState.Active ? Timestamp.FromDateTimeOffset(e.DueAt) : null,
        Reason = e.Reason,
        LastSendId = e.LastSendId,
        EnrollTime = Timestamp.FromDateTimeOffset(e.EnrolledAt),
        UpdateTime = Timestamp.FromDateTimeOffset(e.UpdatedAt),
    };

    private static AutoresponderTrigger ToCore(V1.AutoresponderTrigger? t, RequestCheck check)
    {
        switch (t?.EventCase)
        {
            case V1.AutoresponderTrigger.EventOneofCase.ListId:
                check.Id(t.ListId, "autoresponder.trigger.list_id");
                return new AutoresponderTrigger(TriggerKind.List, t.ListId);
            case V1.AutoresponderTrigger.EventOneofCase.ViewId:
                check.Id(t.ViewId, "autoresponder.trigger.view_id");
                return new AutoresponderTrigger(TriggerKind.View, t.ViewId);
            default:
                check.Violation("autoresponder.trigger", "list_id or view_id is required");
                return new AutoresponderTrigger(TriggerKind.List, "");
        }
    }

    private static AutoresponderStep ToCore(V1.AutoresponderStep s, string field, RequestCheck check)
    {
        check.Id(s.TemplateId, $"{field}.template_id");
        if (s.DelayDays is < 0 or > 365)
        {
            check.Violation($"{field}.delay_days", "must be between 0 and 365");
        }

        if (s.DelayHours is < 0 or > MaxDelayHours)
        {
            check.Violation($"{field}.delay_hours", $"must be between 0 and {MaxDelayHours}");
        }

        var from = SendMapping.ToCore(s.From, $"{field}.from", check);
        var replyTo = SendMapping.ToCore(s.ReplyTo, $"{field}.reply_to", check);
        var hours = (Math.Clamp(s.DelayDays, 0, 365) * 24L) + Math.Clamp(s.DelayHours, 0, MaxDelayHours);
        return new AutoresponderStep(s.TemplateId, TimeSpan.FromHours(hours), from, replyTo);
    }

    private static SendingWindow ToCore(V1.SendingWindow w, RequestCheck check)
    {
        return new SendingWindow(WeekdayMapping.ToBits(w.Days, check, "autoresponder.window.days"), w.StartMinute, w.EndMinute, w.TimeZone);
    }

    /// <summary>Whether a page token is one this listing hands out (an id).</summary>
    public static bool IsToken(string token) => token.Length == 0 || Ids.IsWellFormed(token);
}
