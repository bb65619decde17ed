using System.Security.Cryptography;
using System.Text;

namespace MassEmail.Plugins.Mailchimp;

/// <summary>Mailchimp's member id: the MD5 of the lowercased address, in lowercase hex. MD5 is Mailchimp's choice, an id, not security.</summary>
public static class MailchimpSubscriberHash
{
    public static string Of(string email) =>
#pragma warning disable CA5351 // Mailchimp defines the member id as this MD5.
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));
#pragma warning restore CA5351
}
