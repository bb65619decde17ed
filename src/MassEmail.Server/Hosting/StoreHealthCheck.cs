using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MassEmail.Server.Hosting;

/// <summary>Healthy when the store answers a cheap query: without its store the service can do nothing.</summary>
public sealed class StoreHealthCheck(IOrganisationStore organisations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await organisations.AnyAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", e);
        }
    }
}
