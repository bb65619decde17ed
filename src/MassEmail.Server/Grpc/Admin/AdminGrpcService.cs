using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Tenancy;
using static MassEmail.Server.Grpc.FieldPrefix;

namespace MassEmail.Server.Grpc.Admin;

/// <summary>The gRPC face of organisation administration.</summary>
public sealed class AdminGrpcService(OrganisationAdminService admin) : AdminService.AdminServiceBase
{
    public override async Task<GetOrganisationResponse> GetOrganisation(GetOrganisationRequest request, ServerCallContext context)
    {
        var org = await admin.GetOrganisationAsync(context.GetCaller(), context.CancellationToken);
        return new GetOrganisationResponse { Organisation = org.ToMessage() };
    }

    public override async Task<UpdateOrganisationResponse> UpdateOrganisation(UpdateOrganisationRequest request, ServerCallContext context)
    {
        new RequestCheck().Required(request.Organisation).ThrowIfInvalid();
        var o = request.Organisation;
        var org = await Prefixed(
            "organisation.", () => admin.UpdateOrganisationAsync(context.GetCaller(), o.Name, o.Email, o.PostalAddress.ToCore(), context.CancellationToken));
        return new UpdateOrganisationResponse { Organisation = org.ToMessage() };
    }

    public override async Task<CreateUserResponse> CreateUser(CreateUserRequest request, ServerCallContext context)
    {
        new RequestCheck().Required(request.User).ThrowIfInvalid();
        var u = request.User;
        var user = await Prefixed("user.", () => admin.CreateUserAsync(context.GetCaller(), u.Email, u.FirstName, u.LastName, u.Active, context.CancellationToken));
        return new CreateUserResponse { User = user.ToMessage() };
    }

    public override async Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var users = await admin.ListUsersAsync(context.GetCaller(), context.CancellationToken);
        var response = new ListUsersResponse();
        response.Users.AddRange(users.Select(u => u.ToMessage()));
        return response;
    }

    public override async Task<SetUserActiveResponse> SetUserActive(SetUserActiveRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.UserId).ThrowIfInvalid();
        var user = await admin.SetUserActiveAsync(context.GetCaller(), request.UserId, request.Active, context.CancellationToken);
        return new SetUserActiveResponse { User = user.ToMessage() };
    }

    public override async Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Id(request.UserId).Required(request.Name);
        var permissions = AdminMapping.ToCore(request.Permissions, check);
        check.ThrowIfInvalid();
        var key = await admin.CreateApiKeyAsync(context.GetCaller(), request.UserId, request.Name, permissions, context.CancellationToken);
        return new CreateApiKeyResponse { ApiKey = key.Key.ToMessage(), Secret = key.Secret };
    }

    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        var keys = await admin.ListApiKeysAsync(context.GetCaller(), context.CancellationToken);
        var response = new ListApiKeysResponse();
        response.ApiKeys.AddRange(keys.Select(k => k.ToMessage()));
        return response;
    }

    public override async Task<RevokeApiKeyResponse> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var key = await admin.RevokeApiKeyAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new RevokeApiKeyResponse { ApiKey = key.ToMessage() };
    }
}
