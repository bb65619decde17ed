using MassEmail.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MassEmail.Server.Tests.Dispatch;

/// <summary>Takes the server's own send engine out, for tests that run its steps themselves (it would race them).</summary>
internal static class EngineOff
{
    public static void Apply(IServiceCollection services)
    {
        foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory?.Method.ReturnType == typeof(MassSendWorker)).ToList())
        {
            services.Remove(worker);
        }
    }
}
