using MassEmail.Core.Recipients.Criteria;

namespace MassEmail.Core.Recipients.Audience;

/// <summary>
/// The records of one module an audience is made of: those matching <see cref="Filter"/>, or with
/// an id in <see cref="RecordIds"/>, or the members of a static list — intersected when several are given.
/// <see cref="ListId"/> also marks records that unsubscribed from that list.
/// </summary>
/// <param name="ListIsStatic">True: the list's membership rows select the records (subscribed and unsubscribed ones).
/// False: the list only contributes its unsubscriptions (a dynamic list, whose criteria are in <see cref="Filter"/>).</param>
public sealed record AudienceQuery(
    string OrgId,
    RecordModule Module,
    Filter? Filter,
    IReadOnlyList<string>? RecordIds,
    string? ListId,
    bool ListIsStatic);
