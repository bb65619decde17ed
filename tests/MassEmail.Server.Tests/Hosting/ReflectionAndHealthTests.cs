using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using MassEmail.Server.Tests.Infrastructure;

namespace MassEmail.Server.Tests.Hosting;

/// <summary>Operators' tools find the services by reflection and see the service healthy, without a key.</summary>
public sealed class ReflectionAndHealthTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [SkippableFact]
    public async Task Reflection_ListServices_NamesEveryMassEmailService()
    {
        var client = new ServerReflection.ServerReflectionClient(fixture.Server.Invoker(null));
        using var call = client.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("massemail.v1.TemplatesService", names);
        Assert.Contains("massemail.v1.AdminService", names);
        Assert.Contains("grpc.health.v1.Health", names);
    }

    [SkippableFact]
    public async Task Health_Check_AnswersServing()
    {
        var client = new Health.HealthClient(fixture.Server.Invoker(null));
        var response = await client.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }
}
