using System.Text.Json.Serialization;
using MassEmail.Ses.Api.Model;

namespace MassEmail.Ses.Api;

/// <summary>
/// Source-generated JSON for the SES API: no reflection on the hot path of a mass send. Property
/// names stay as declared (PascalCase, as SES expects); absent optional members are not written.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendEmailRequest))]
[JsonSerializable(typeof(SendEmailResponse))]
[JsonSerializable(typeof(GetAccountResponse))]
[JsonSerializable(typeof(PutSuppressedDestinationRequest))]
[JsonSerializable(typeof(SesEmptyResponse))]
internal sealed partial class SesJsonContext : JsonSerializerContext;
