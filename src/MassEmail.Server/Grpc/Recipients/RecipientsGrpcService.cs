using Grpc.Core;
using MassEmail.Contracts.V1;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Recipients.Records;
using MassEmail.Core.Recipients.Views;
using MassEmail.Core.Suppressions;

namespace MassEmail.Server.Grpc.Recipients;

/// <summary>
/// The gRPC face of recipients: shape checks, one call into Core, mapping. Split by topic into
/// partial files (records and import, views and audience, lists, suppressions).
/// </summary>
public sealed partial class RecipientsGrpcService(
    RecordService records,
    CustomViewService views,
    MailingListService lists,
    AudienceService audiences,
    SuppressionService suppressions,
    MassEmail.Core.Consent.ConsentService consent) : RecipientsService.RecipientsServiceBase;
