namespace MassEmail.Core.Recipients.Criteria;

/// <summary>Bounds that keep criteria cheap to validate and to run.</summary>
public static class CriteriaLimits
{
    public const int MaxDepth = 5;
    public const int MaxConditions = 100;
    public const int MaxListValues = 1000;
    public const int MaxTextLength = 1000;

    /// <summary>Longest field name a condition may give (<c>client.</c> and a custom field name fit easily).</summary>
    public const int MaxFieldLength = 100;
    public const int MaxDays = 3650;
}
