using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.OptOut;

/// <summary>Whom a valid link concerns: the record, its organisation, and the list the send went to (if it still exists).</summary>
/// <param name="LeftList">True when the record has already left <paramref name="List"/>.</param>
/// <param name="SendId">The send whose mail carried the link.</param>
public sealed record OptOutSubject(Organisation Org, RecipientRecord Record, MailingList? List, bool LeftList, string SendId);
