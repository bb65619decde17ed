namespace MassEmail.Ses.Api.Model;

/// <summary>SES v2 <c>Message</c> (Simple content) with custom headers such as List-Unsubscribe.</summary>
internal sealed record SesSimpleMessage(SesContent Subject, SesBody Body, IReadOnlyList<SesMessageHeader>? Headers);
