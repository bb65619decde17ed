using MassEmail.Storage.Tests.Contracts.Macros;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Sqlite.Macros;

public sealed class SqliteMacroStoreTests(SqliteStoreFixture fixture) : MacroStoreContract(fixture), IClassFixture<SqliteStoreFixture>;
