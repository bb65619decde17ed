namespace MassEmail.Core.Recipients.Criteria;

/// <summary>
/// Criteria as a caller writes them: field names as text, relative dates still relative.
/// <see cref="CriteriaResolver"/> validates them into a <see cref="Filter"/>.
/// </summary>
public abstract record CriteriaNode;

/// <summary>An AND group (<paramref name="Any"/> false) or OR group (true) of nodes.</summary>
public sealed record CriteriaGroup(bool Any, IReadOnlyList<CriteriaNode> Children) : CriteriaNode;

/// <summary>
/// One condition. <paramref name="Field"/> is a standard field (<c>first_name</c>), a custom field
/// (<c>industry</c>) or, for candidates and contacts, a field of the related client (<c>client.industry</c>).
/// </summary>
/// <param name="Days">For WithinLastDays / WithinNextDays.</param>
public sealed record CriteriaCondition(string Field, ConditionOperator Operator, IReadOnlyList<FieldValue> Values, int Days) : CriteriaNode;
