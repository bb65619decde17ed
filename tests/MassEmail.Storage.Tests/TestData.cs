using System.Security.Cryptography;
using MassEmail.Core;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Core.Tenancy;

namespace MassEmail.Storage.Tests;

/// <summary>Valid domain objects with fresh ids, for tests to vary with <c>with</c>.</summary>
internal static class TestData
{
    /// <summary>Now, cut to whole milliseconds: the precision both stores keep.</summary>
    public static DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public static Organisation Organisation() => new(
        Ids.New(),
        "Acme Recruiting",
        Edition.Professional,
        "ops@acme.example",
        new PostalAddress("1 Main St", "Springfield", "IL", "62701", "US"),
        null,
        Now());

    public static User User(string orgId, bool active = true) => new(
        Ids.New(), orgId, $"user-{Guid.NewGuid():N}@acme.example", "Ada", "Lovelace", active, Now());

    public static ApiKey ApiKey(string orgId, string userId, DateTimeOffset? createdAt = null) => new(
        Ids.New(),
        orgId,
        userId,
        "ci key",
        SHA256.HashData(Guid.NewGuid().ToByteArray()),
        Permission.TemplatesRead | Permission.TemplatesWrite,
        createdAt ?? Now(),
        null);

    public static TemplateFolder Folder(string orgId, string? name = null) =>
        new(Ids.New(), orgId, name ?? $"Folder {Guid.NewGuid():N}", Now());

    public static Template Template(string orgId, string? name = null, string? folderId = null) => new(
        Ids.New(),
        orgId,
        name ?? $"Template {Guid.NewGuid():N}",
        folderId,
        "Hello {{ first_name }}",
        "<p>Hello {{ first_name | default: \"there\" }}</p>",
        "Hello {{ first_name }}",
        new Mailbox("news@acme.example", "Acme News"),
        new Mailbox("reply@acme.example", "Acme Replies"),
        TemplateEngineKind.Liquid,
        "A greeting",
        1,
        Now(),
        Now());
}
