namespace MassEmail.Core.Recipients.Criteria;

/// <summary>
/// A validated, resolved criteria tree that store adapters translate into their own query
/// language (never by loading records into memory). Relative dates are already absolute ranges.
/// </summary>
public abstract record Filter;

/// <summary>Every child must match. An empty list matches everything.</summary>
public sealed record AllOf(IReadOnlyList<Filter> Children) : Filter;

/// <summary>At least one child must match. An empty list matches nothing.</summary>
public sealed record AnyOf(IReadOnlyList<Filter> Children) : Filter;

/// <summary>
/// The record's related Client (matched by <c>ClientExternalId</c> = client's external id, same
/// organisation) must match <see cref="Inner"/>. Records without a related client never match.
/// </summary>
public sealed record ClientMatches(FieldFilter Inner) : Filter;

/// <summary>One condition on one field of the record.</summary>
/// <param name="Values">Operands: none for IsEmpty/IsNotEmpty, two for Between (inclusive), one or more for InList, else one.</param>
public sealed record FieldFilter(FieldPath Field, FilterOperator Operator, IReadOnlyList<FieldValue> Values) : Filter;
