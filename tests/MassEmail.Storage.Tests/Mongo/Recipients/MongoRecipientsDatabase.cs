using MassEmail.Storage.Mongo;
using MassEmail.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace MassEmail.Storage.Tests.Mongo.Recipients;

/// <summary>The raw database behind the fixture's store, for tests of the document shape.</summary>
internal static class MongoRecipientsDatabase
{
    public static IMongoDatabase Of(MongoStoreFixture fixture)
    {
        IServiceProvider services = fixture.Store.Services;
        return services.GetRequiredService<IMongoClient>()
            .GetDatabase(services.GetRequiredService<IOptions<MongoStoreOptions>>().Value.Database);
    }
}
