namespace MassEmail.Core.Recipients.Criteria;

/// <summary>
/// Operators adapters implement. Semantics, identical in every store:
/// string comparisons are case-insensitive (Unicode lower-case folding); "empty" means missing,
/// null, "" or an empty list; <see cref="NotEquals"/> is exactly NOT <see cref="Equals"/> (so it
/// matches empty fields); on List fields Equals/NotEquals/InList test the elements;
/// GreaterThan/LessThan/Between apply to Number and Date fields and never match empty fields.
/// </summary>
public enum FilterOperator
{
    Equals,
    NotEquals,
    Contains,
    StartsWith,
    IsEmpty,
    IsNotEmpty,
    GreaterThan,
    LessThan,
    Between,
    InList,
}
