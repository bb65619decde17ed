using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Recipients.Records;
using MassEmail.Core.Recipients.Views;

namespace MassEmail.Server.Grpc.Recipients;

/// <summary>
/// The gRPC face of recipients: shape checks, one call into Core, mapping. Split by topic into
/// partial files (records and import, views and audience, lists).
/// </summary>
public sealed partial class RecipientsGrpcService(
    RecordService records,
    CustomViewService views,
    MailingListService lists,
    AudienceService audiences) : RecipientsService.RecipientsServiceBase
{
    private static async Task<T> Prefixed<T>(string prefix, Func<Task<T>> action, Func<string, bool>? applies = null)
    {
        try
        {
            return await action();
        }
        catch (ValidationException e)
        {
            throw new ValidationException(e.Violations
                .Select(v => applies is null || applies(v.Field) ? v with { Field = prefix + v.Field } : v).ToList());
        }
        catch (AlreadyExistsException e)
        {
            throw e.WithPrefix(prefix);
        }
    }
}
