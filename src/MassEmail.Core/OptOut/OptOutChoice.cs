namespace MassEmail.Core.OptOut;

/// <summary>What a recipient asked for through a link.</summary>
public enum OptOutChoice
{
    /// <summary>Leave the list the send went to (without a list: the same as <see cref="AllMail"/>).</summary>
    LeaveList,

    /// <summary>No more email from the organisation: the record's opt-out, which wins everywhere.</summary>
    AllMail,
}
