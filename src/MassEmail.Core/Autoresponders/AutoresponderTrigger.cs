namespace MassEmail.Core.Autoresponders;

/// <summary>What enrols a record: joining the mailing list <see cref="TargetId"/>, or coming to match the custom view <see cref="TargetId"/>.</summary>
public sealed record AutoresponderTrigger(TriggerKind Kind, string TargetId);
