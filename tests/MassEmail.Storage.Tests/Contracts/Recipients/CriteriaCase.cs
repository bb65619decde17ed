using MassEmail.Core.Recipients.Criteria;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>One row of the criteria parity table: a filter over <see cref="CriteriaDataSet"/> and the candidates it must select.</summary>
/// <param name="Requires">Server features the case needs; a server without them reports the case skipped.</param>
public sealed record CriteriaCase(string Name, Filter Filter, IReadOnlyList<string> Expected, StoreCapabilities Requires = StoreCapabilities.None);
