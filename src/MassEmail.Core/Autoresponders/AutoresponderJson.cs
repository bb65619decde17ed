using System.Text.Json;
using MassEmail.Core.Sending;

namespace MassEmail.Core.Autoresponders;

/// <summary>Steps and sending windows as the stores keep them: one JSON text each, the same in every store.</summary>
public static class AutoresponderJson
{
    public static string Steps(IReadOnlyList<AutoresponderStep> steps) =>
        JsonSerializer.Serialize(steps.Select(s => new StepJson(s.TemplateId, (long)s.Delay.TotalMinutes, (int)s.From, (int)s.ReplyTo)).ToList());

    public static IReadOnlyList<AutoresponderStep> Steps(string json) =>
        [.. (JsonSerializer.Deserialize<List<StepJson>>(json) ?? []).Select(s => new AutoresponderStep(s.T, TimeSpan.FromMinutes(s.M), (AddressChoice)s.F, (AddressChoice)s.R))];

    public static string? Window(SendingWindow? w) => w is null ? null : JsonSerializer.Serialize(new WindowJson(w.Days, w.StartMinute, w.EndMinute, w.TimeZone));

    public static SendingWindow? Window(string? json) =>
        json is null or "" ? null : JsonSerializer.Deserialize<WindowJson>(json) is { } w ? new SendingWindow(w.D, w.S, w.E, w.Z) : null;

    private sealed record StepJson(string T, long M, int F, int R);

    private sealed record WindowJson(int D, int S, int E, string Z);
}
