namespace MassEmail.Core.Secrets;

/// <summary>One stored element of the Data Protection key ring.</summary>
/// <param name="FriendlyName">The label the key ring gave it (e.g. <c>key-</c> and the key's id); may repeat.</param>
/// <param name="Xml">The element as XML text, exactly as the key ring wrote it.</param>
public sealed record KeyElement(string FriendlyName, string Xml);
