using MassEmail.Storage.Tests.Contracts.Macros;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Macros;

public sealed class MongoMacroStoreTests(MongoStoreFixture fixture) : MacroStoreContract(fixture), IClassFixture<MongoStoreFixture>;
