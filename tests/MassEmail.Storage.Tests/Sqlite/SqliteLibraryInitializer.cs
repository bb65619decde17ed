using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using MassEmail.Storage.Sqlite;

namespace MassEmail.Storage.Tests.Sqlite;

/// <summary>
/// Applies the SQLite library's process-wide settings as this assembly loads, before any test opens a connection, as
/// the server's store applies them before its first (<see cref="SqliteLibraryTests"/>). Without it, which test ran first
/// would decide whether SQLite accepts them.
/// </summary>
internal static class SqliteLibraryInitializer
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "A test assembly: the settings must precede every test's first connection.")]
    internal static void ConfigureFirst() => SqliteLibrary.Configure();
}
