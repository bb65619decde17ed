namespace MassEmail.Core.Recipients.Criteria;

/// <summary>The operators a criteria author can use; see <see cref="CriteriaResolver"/> for which types take which.</summary>
public enum ConditionOperator
{
    Equals = 1,
    NotEquals = 2,
    Contains = 3,
    StartsWith = 4,
    IsEmpty = 5,
    IsNotEmpty = 6,
    GreaterThan = 7,
    LessThan = 8,
    Between = 9,
    InList = 10,
    WithinLastDays = 11,
    WithinNextDays = 12,
}
