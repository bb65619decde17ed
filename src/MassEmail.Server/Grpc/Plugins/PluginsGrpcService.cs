using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Errors;
using MassEmail.Core.OptOut;
using MassEmail.Plugins.Abstractions;
using Microsoft.Extensions.Options;

namespace MassEmail.Server.Grpc.Plugins;

/// <summary>
/// The gRPC face of campaign-tool connections and their sync definitions: shape checks, one call into
/// <see cref="ConnectionService"/> or <see cref="SyncDefinitionService"/>, mapping.
/// </summary>
public sealed class PluginsGrpcService(ConnectionService connections, SyncDefinitionService syncs, IOptions<PublicOptions> publicOptions)
    : PluginsService.PluginsServiceBase
{
    private readonly string publicBaseUrl = publicOptions.Value.BaseUrl;

    public override async Task<CreateConnectionResponse> CreateConnection(CreateConnectionRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.Connection);
        ConnectionDraft? draft = null;
        if (request.Connection is not null)
        {
            draft = PluginMapping.ToDraft(request, check);
        }

        check.ThrowIfInvalid();
        try
        {
            var created = await connections.CreateAsync(context.GetCaller(), draft!, context.CancellationToken);
            return new CreateConnectionResponse { Connection = created.ToMessage(publicBaseUrl) };
        }
        catch (ValidationException e)
        {
            throw PluginMapping.ToRequestPaths(e, request.Connection!.Vendor);
        }
        catch (AlreadyExistsException e)
        {
            throw e.WithPrefix("connection.");
        }
    }

    public override async Task<GetConnectionResponse> GetConnection(GetConnectionRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var connection = await connections.GetAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new GetConnectionResponse { Connection = connection.ToMessage(publicBaseUrl) };
    }

    public override async Task<ListConnectionsResponse> ListConnections(ListConnectionsRequest request, ServerCallContext context)
    {
        var response = new ListConnectionsResponse();
        response.Connections.AddRange((await connections.ListAsync(context.GetCaller(), context.CancellationToken)).Select(c => c.ToMessage(publicBaseUrl)));
        return response;
    }

    public override async Task<DeleteConnectionResponse> DeleteConnection(DeleteConnectionRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        await connections.DeleteAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new DeleteConnectionResponse();
    }

    public override async Task<TestConnectionResponse> TestConnection(TestConnectionRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var result = await connections.TestAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new TestConnectionResponse { Ok = result.Ok, Detail = result.Detail, RemoteListCount = result.RemoteListCount };
    }

    public override async Task<ListRemoteListsResponse> ListRemoteLists(ListRemoteListsRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var response = new ListRemoteListsResponse();
        response.Lists.AddRange((await connections.ListRemoteListsAsync(context.GetCaller(), request.Id, context.CancellationToken)).Select(l => l.ToMessage()));
        return response;
    }

    public override async Task<CreateSyncDefinitionResponse> CreateSyncDefinition(CreateSyncDefinitionRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.SyncDefinition);
        var definition = request.SyncDefinition;
        var settings = definition is null ? null : definition.ToSettings(check.Id(definition.ConnectionId, "sync_definition.connection_id"));
        check.ThrowIfInvalid();
        var created = await WithPathsAsync(() => syncs.CreateAsync(context.GetCaller(), definition!.ConnectionId, definition.Name, settings!, context.CancellationToken));
        return new CreateSyncDefinitionResponse { SyncDefinition = created.ToMessage() };
    }

    public override async Task<GetSyncDefinitionResponse> GetSyncDefinition(GetSyncDefinitionRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var definition = await syncs.GetAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new GetSyncDefinitionResponse { SyncDefinition = definition.ToMessage() };
    }

    public override async Task<ListSyncDefinitionsResponse> ListSyncDefinitions(ListSyncDefinitionsRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.ConnectionId).ThrowIfInvalid();
        var response = new ListSyncDefinitionsResponse();
        response.SyncDefinitions.AddRange((await syncs.ListAsync(context.GetCaller(), request.ConnectionId, context.CancellationToken)).Select(d => d.ToMessage()));
        return response;
    }

    public override async Task<UpdateSyncDefinitionResponse> UpdateSyncDefinition(UpdateSyncDefinitionRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.SyncDefinition);
        var definition = request.SyncDefinition;
        var settings = definition is null ? null : definition.ToSettings(check.Id(definition.Id, "sync_definition.id"));
        check.ThrowIfInvalid();
        var updated = await WithPathsAsync(() => syncs.UpdateAsync(context.GetCaller(), definition!.Id, definition.Name, settings!, definition.Version, context.CancellationToken));
        return new UpdateSyncDefinitionResponse { SyncDefinition = updated.ToMessage() };
    }

    public override async Task<DeleteSyncDefinitionResponse> DeleteSyncDefinition(DeleteSyncDefinitionRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        await syncs.DeleteAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new DeleteSyncDefinitionResponse();
    }

    public override async Task<GetSyncStatusResponse> GetSyncStatus(GetSyncStatusRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var definition = await syncs.GetAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new GetSyncStatusResponse { Status = definition.ToStatusMessage() };
    }

    public override async Task<SyncNowResponse> SyncNow(SyncNowRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var definition = await syncs.SyncNowAsync(context.GetCaller(), request.Id, request.FullResync, context.CancellationToken);
        return new SyncNowResponse { Status = definition.ToStatusMessage() };
    }

    /// <summary>Core's field names (<c>name</c>, <c>fields[0].local_field</c>) as the request's paths under <c>sync_definition.</c>.</summary>
    private static async Task<T> WithPathsAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ValidationException e)
        {
            throw e.WithPrefix("sync_definition.");
        }
        catch (AlreadyExistsException e)
        {
            throw e.WithPrefix("sync_definition.");
        }
    }
}
