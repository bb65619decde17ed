namespace MassEmail.Server.Tests.Infrastructure;

/// <summary>The store a functional test runs the server on.</summary>
public enum StoreKind
{
    Sqlite,
    Mongo,
}
