namespace MassEmail.Core.Syncs;

/// <summary>What a sync does at the vendor when a synced record is deleted locally.</summary>
public enum RecordDeletedAction
{
    /// <summary>
    /// Take the address off the target list (Mailchimp archives the member; Zoho Campaigns, which has no removal,
    /// unsubscribes it from the list) at the definition's next run, unless it was opted out (its vendor opt-out stays)
    /// or another live record of the module has it.
    /// </summary>
    RemoveFromList = 1,

    /// <summary>Leave the vendor's list as it is.</summary>
    Leave = 2,
}
