using MassEmail.Core.Recipients.Criteria;

namespace MassEmail.Core.Recipients;

/// <summary>One page of records of a module in id order, after <see cref="AfterId"/>, optionally filtered.</summary>
public sealed record RecordSearch(string OrgId, RecordModule Module, Filter? Filter, string? AfterId, int Limit);
