using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Errors;
using MassEmail.Plugins.Abstractions;

namespace MassEmail.Server.Grpc.Plugins;

/// <summary>The gRPC face of campaign-tool connections: shape checks, one call into <see cref="ConnectionService"/>, mapping.</summary>
public sealed class PluginsGrpcService(ConnectionService connections) : PluginsService.PluginsServiceBase
{
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
            return new CreateConnectionResponse { Connection = created.ToMessage() };
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
        return new GetConnectionResponse { Connection = connection.ToMessage() };
    }

    public override async Task<ListConnectionsResponse> ListConnections(ListConnectionsRequest request, ServerCallContext context)
    {
        var response = new ListConnectionsResponse();
        response.Connections.AddRange((await connections.ListAsync(context.GetCaller(), context.CancellationToken)).Select(c => c.ToMessage()));
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
}
