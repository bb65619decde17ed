using System.Reflection;
using Google.Rpc;
using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Errors;
using MassEmail.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CoreRecords = MassEmail.Core.Recipients.IRecordStore;

namespace MassEmail.Server.Tests.Recipients;

/// <summary>
/// Issue 11 point 8: a store that stops a criteria query at its time limit (MongoDB's MaxTimeMSExpired, reported by the
/// Mongo store as <see cref="QueryTimeLimitException"/>) gives the caller DEADLINE_EXCEEDED with the reason and the
/// limit, not INTERNAL. The store here is the real SQLite one whose search reports what the Mongo store reports when
/// the server stops the query (the MongoDB-wire test server enforces no time limit).
/// </summary>
public sealed class QueryTimeLimitTests
{
    [SkippableFact]
    public async Task SearchRecords_StoreStoppedTheQueryAtItsTimeLimit_IsDeadlineExceededWithTheReason()
    {
        using var server = new MassEmailServer(StoreKind.Sqlite, overrides: services =>
        {
            ServiceDescriptor real = services.Last(d => d.ServiceType == typeof(CoreRecords));
            services.RemoveAll<CoreRecords>();
            services.AddSingleton(sp => SearchTimesOut.Wrap((CoreRecords)(real.ImplementationFactory?.Invoke(sp)
                ?? real.ImplementationInstance
                ?? ActivatorUtilities.CreateInstance(sp, real.ImplementationType!))));
        });
        var org = await server.CreateOrganisationAsync("Time limit");
        var client = new RecipientsService.RecipientsServiceClient(server.Invoker(org.AdminKey.Secret));

        RpcException e = await RpcAssert.Fails(StatusCode.DeadlineExceeded, () => client.SearchRecordsAsync(new SearchRecordsRequest
        {
            Module = RecordModule.Candidates,
            Criteria = R.Where("first_name", ConditionOperator.StartsWith, R.Text("a")),
        }));

        ErrorInfo info = e.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal("QUERY_TIME_LIMIT", info.Reason);
        Assert.Equal("record search", info.Metadata["operation"]);
        Assert.Equal("30000", info.Metadata["limit_ms"]);
        Assert.Contains("narrow the criteria", e.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>The real record store, except that a search reports the store's time limit.</summary>
    public class SearchTimesOut : DispatchProxy
    {
        private CoreRecords inner = null!;

        public static CoreRecords Wrap(CoreRecords inner)
        {
            CoreRecords proxy = Create<CoreRecords, SearchTimesOut>();
            ((SearchTimesOut)(object)proxy).inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.Name == nameof(CoreRecords.SearchAsync)
                ? throw new QueryTimeLimitException("record search", TimeSpan.FromSeconds(30))
                : targetMethod.Invoke(inner, args);
    }
}
