namespace MassEmail.Ses.Api.Model;

/// <summary>SES v2 <c>SendQuota</c>. <see cref="Max24HourSend"/> is -1 for an unlimited quota.</summary>
internal sealed record SesSendQuota(double Max24HourSend, double MaxSendRate, double SentLast24Hours);
