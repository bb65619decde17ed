namespace MassEmail.Plugins.Abstractions;

/// <summary>What the vendor said when a connection was tried: ok (with its remote list count) or its error in words.</summary>
public sealed record ConnectionTestResult(bool Ok, string Detail, int RemoteListCount);
