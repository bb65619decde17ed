using MassEmail.Core.Errors;
using MassEmail.Core.Suppressions;
using MassEmail.Ses.Api;
using MassEmail.Ses.Api.Model;
using MassEmail.Ses.Credentials;
using Microsoft.Extensions.Options;

namespace MassEmail.Ses;

/// <summary>
/// SES's account-level suppression list, fed when <see cref="SesOptions.MirrorSuppressions"/> is on: one
/// <c>PutSuppressedDestination</c> per address (idempotent at SES), reason <c>BOUNCE</c> or <c>COMPLAINT</c> (the only
/// two SES takes). Any failure is a <see cref="ProviderUnavailableException"/>: the caller's retry puts it again.
/// </summary>
internal sealed class SesSuppressionList(SesApiClient api, IOptions<SesOptions> options) : IProviderSuppressionList
{
    private const string Operation = "PutSuppressedDestination";

    public bool Enabled => options.Value.MirrorSuppressions;

    public async Task PutAsync(string address, SuppressionReason reason, CancellationToken ct)
    {
        var sesReason = reason switch
        {
            SuppressionReason.Bounce => "BOUNCE",
            SuppressionReason.Complaint => "COMPLAINT",
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "SES's suppression list takes bounces and complaints only"),
        };
        SesApiResponse<SesEmptyResponse> response;
        try
        {
            response = await api.PutSuppressedDestinationAsync(new PutSuppressedDestinationRequest(address, sesReason), ct);
        }
        catch (Exception e) when (e is SesNoResponseException or SesCredentialsException)
        {
            throw Unavailable(e.Message);
        }

        if (!response.IsSuccess)
        {
            throw Unavailable($"SES answered {response.Error.HttpStatus} {response.Error.ErrorType}: {response.Error.Message}");
        }
    }

    private static ProviderUnavailableException Unavailable(string why) => new(
        Operation,
        $"The address is suppressed here, but SES's account-level suppression list did not take it ({why}). Retry the call: it puts the address again.");
}
