using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;

namespace MassEmail.Core.Sending;

/// <summary>
/// What makes two StartMassSend calls with one idempotency key "the same request": the module, the
/// template id, the From and Reply-To choices and the audience, with record ids sorted and without
/// repeats (their order means nothing) and criteria in their stored form. Not part of it: the key itself,
/// which user calls (a retry by another process of the organisation gets the send), and the template's
/// content (a retry after an edit gets the send as started).
/// </summary>
/// <remarks>
/// The SHA-256 of that canonical JSON, stored with the send. A send stored before fingerprints existed
/// has none; its request fields are stored too, so its fingerprint is computed from them (<see cref="Of(MassSend)"/>).
/// </remarks>
public static class SendFingerprint
{
    public static string Of(StartMassSendRequest request) =>
        Of(request.Module, request.TemplateId, request.From, request.ReplyTo, request.Audience);

    /// <summary>The fingerprint stored with <paramref name="send"/>, or computed from its stored request fields.</summary>
    public static string Of(MassSend send) => send.RequestFingerprint
        ?? Of(send.Module, send.TemplateId, send.FromChoice, send.ReplyToChoice, AudienceJson.Deserialize(send.AudienceJson));

    internal static string Of(RecordModule module, string templateId, AddressChoice from, AddressChoice replyTo, AudienceSource audience)
    {
        var canonical = audience is RecordsAudience r
            ? new RecordsAudience([.. r.RecordIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)])
            : audience;
        var text = new JsonObject
        {
            ["module"] = (int)module,
            ["template_id"] = templateId,
            ["from"] = (int)from,
            ["reply_to"] = (int)replyTo,
            ["audience"] = JsonNode.Parse(AudienceJson.Serialize(canonical)),
        }.ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
