using MassEmail.Core.Recipients;

namespace MassEmail.Core.Autoresponders;

/// <summary>What a caller gives to create or replace an autoresponder.</summary>
public sealed record AutoresponderDraft(
    string Name, RecordModule Module, AutoresponderTrigger Trigger, IReadOnlyList<AutoresponderStep> Steps, SendingWindow? Window);
