namespace MassEmail.Core.Autoresponders;

/// <summary>The event that enrols a record in an autoresponder.</summary>
public enum TriggerKind
{
    /// <summary>The record joins a mailing list.</summary>
    List = 1,

    /// <summary>The record is created or updated so that it matches a custom view.</summary>
    View = 2,
}
