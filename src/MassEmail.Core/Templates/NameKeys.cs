namespace MassEmail.Core.Templates;

/// <summary>Names are unique and searched case-insensitively; stores keep this folded form beside the name.</summary>
public static class NameKeys
{
    public static string For(string name) => name.Trim().ToLowerInvariant();
}
