using MassEmail.Core.Recipients.Lists;

namespace MassEmail.Core.OptOut;

/// <summary>One list on the preference page: the recipient is on it unless they left it.</summary>
public sealed record ListPreference(MailingList List, bool Subscribed);
