using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core;
using MassEmail.Core.Macros;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Server.Grpc.Sending;
using static MassEmail.Server.Grpc.FieldPrefix;

namespace MassEmail.Server.Grpc.Macros;

/// <summary>The gRPC face of macros: shape checks, one call into Core, mapping.</summary>
public sealed class MacrosGrpcService(MacroService macros) : MacrosService.MacrosServiceBase
{
    public override async Task<CreateMacroResponse> CreateMacro(CreateMacroRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.Macro);
        var draft = request.Macro?.ToDraft(check);
        check.ThrowIfInvalid();
        var created = await Prefixed("macro.", () => macros.CreateAsync(context.GetCaller(), draft!, context.CancellationToken));
        return new CreateMacroResponse { Macro = created.ToMessage() };
    }

    public override async Task<GetMacroResponse> GetMacro(GetMacroRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        var macro = await macros.GetAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new GetMacroResponse { Macro = macro.ToMessage() };
    }

    public override async Task<ListMacrosResponse> ListMacros(ListMacrosRequest request, ServerCallContext context)
    {
        var response = new ListMacrosResponse();
        response.Macros.AddRange((await macros.ListAsync(context.GetCaller(), context.CancellationToken)).Select(m => m.ToMessage()));
        return response;
    }

    public override async Task<UpdateMacroResponse> UpdateMacro(UpdateMacroRequest request, ServerCallContext context)
    {
        var check = new RequestCheck().Required(request.Macro);
        MacroDraft? draft = null;
        if (request.Macro is not null)
        {
            check.Id(request.Macro.Id).That(request.Macro.Version > 0, "must be the version the macro was read at");
            draft = request.Macro.ToDraft(check);
        }

        check.ThrowIfInvalid();
        var updated = await Prefixed("macro.", () => macros.UpdateAsync(
            context.GetCaller(), request.Macro!.Id, request.Macro.Version, draft!, context.CancellationToken));
        return new UpdateMacroResponse { Macro = updated.ToMessage() };
    }

    public override async Task<DeleteMacroResponse> DeleteMacro(DeleteMacroRequest request, ServerCallContext context)
    {
        new RequestCheck().Id(request.Id).ThrowIfInvalid();
        await macros.DeleteAsync(context.GetCaller(), request.Id, context.CancellationToken);
        return new DeleteMacroResponse();
    }

    public override async Task<RunMacroResponse> RunMacro(RunMacroRequest request, ServerCallContext context)
    {
        new RequestCheck()
            .Id(request.MacroId)
            .Required(request.IdempotencyKey)
            .Ids(request.RecordIds, AudienceService.MaxRecordIds)
            .ThrowIfInvalid();
        var send = await macros.RunAsync(context.GetCaller(), request.MacroId, [.. request.RecordIds], request.IdempotencyKey, context.CancellationToken);
        return new RunMacroResponse { Send = send.ToMessage() };
    }
}
