using Google.Protobuf.WellKnownTypes;
using MassEmail.Core.Tenancy;
using V1 = MassEmail.Contracts.V1;

namespace MassEmail.Server.Grpc.Admin;

/// <summary>Conversions between the admin messages and Core's tenancy records.</summary>
internal static class AdminMapping
{
    /// <summary>Proto permission values in the order of Core's bits (bit n = proto value n + 1).</summary>
    private static readonly (V1.Permission Proto, Permission Core)[] Permissions =
    [
        (V1.Permission.TemplatesRead, Permission.TemplatesRead),
        (V1.Permission.TemplatesWrite, Permission.TemplatesWrite),
        (V1.Permission.RecipientsRead, Permission.RecipientsRead),
        (V1.Permission.RecipientsWrite, Permission.RecipientsWrite),
        (V1.Permission.MassEmailCandidates, Permission.MassEmailCandidates),
        (V1.Permission.MassEmailContacts, Permission.MassEmailContacts),
        (V1.Permission.SchedulesWrite, Permission.SchedulesWrite),
        (V1.Permission.PluginsAdmin, Permission.PluginsAdmin),
        (V1.Permission.OrgAdmin, Permission.OrgAdmin),
    ];

    public static V1.Organisation ToMessage(this Organisation o) => new()
    {
        Id = o.Id,
        Name = o.Name,
        Edition = (V1.Edition)(int)o.Edition,
        Email = o.Email,
        PostalAddress = o.PostalAddress.ToMessage(),
        CreateTime = Timestamp.FromDateTimeOffset(o.CreatedAt),
    };

    public static V1.User ToMessage(this User u) => new()
    {
        Id = u.Id,
        Email = u.Email,
        FirstName = u.FirstName,
        LastName = u.LastName,
        Active = u.Active,
        CreateTime = Timestamp.FromDateTimeOffset(u.CreatedAt),
    };

    public static V1.ApiKey ToMessage(this ApiKey k)
    {
        var message = new V1.ApiKey
        {
            Id = k.Id,
            UserId = k.UserId,
            Name = k.Name,
            CreateTime = Timestamp.FromDateTimeOffset(k.CreatedAt),
            RevokeTime = k.RevokedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
        message.Permissions.AddRange(Permissions.Where(p => (k.Permissions & p.Core) != 0).Select(p => p.Proto));
        return message;
    }

    public static PostalAddress ToCore(this V1.PostalAddress? a) =>
        a is null ? PostalAddress.Empty : new(a.Street.Trim(), a.City.Trim(), a.Region.Trim(), a.PostalCode.Trim(), a.Country.Trim());

    /// <summary>Unknown or unspecified values are reported to <paramref name="check"/>.</summary>
    public static Permission ToCore(IEnumerable<V1.Permission> permissions, RequestCheck check)
    {
        var result = Permission.None;
        foreach (var p in permissions)
        {
            var match = Permissions.FirstOrDefault(x => x.Proto == p);
            if (match.Core == Permission.None)
            {
                check.Violation("permissions", $"{(int)p} is not a known permission");
            }

            result |= match.Core;
        }

        return result;
    }

    private static V1.PostalAddress ToMessage(this PostalAddress a) =>
        new() { Street = a.Street, City = a.City, Region = a.Region, PostalCode = a.PostalCode, Country = a.Country };
}
