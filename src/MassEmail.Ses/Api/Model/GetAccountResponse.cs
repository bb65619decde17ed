namespace MassEmail.Ses.Api.Model;

/// <summary>The parts of SES v2 <c>GetAccount</c> the service reads; every field is optional in the API.</summary>
/// <param name="ProductionAccessEnabled">False while the account is in the SES sandbox (verified recipients only).</param>
/// <param name="SendingEnabled">False when sending is paused for the account in this region.</param>
/// <param name="EnforcementStatus">HEALTHY, PROBATION or SHUTDOWN.</param>
internal sealed record GetAccountResponse(
    SesSendQuota? SendQuota,
    bool? ProductionAccessEnabled,
    bool? SendingEnabled,
    string? EnforcementStatus);
