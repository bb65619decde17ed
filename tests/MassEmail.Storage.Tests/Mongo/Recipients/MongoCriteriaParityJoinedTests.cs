using MassEmail.Storage.Tests.Contracts.Recipients;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

/// <summary>The criteria parity table with every client condition joined per record instead of inlined.</summary>
public sealed class MongoCriteriaParityJoinedTests(MongoJoinedClientsFixture fixture)
    : CriteriaParityContract(fixture), IClassFixture<MongoJoinedClientsFixture>;
