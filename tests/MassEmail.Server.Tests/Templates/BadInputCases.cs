using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using MassEmail.Contracts.V1;

namespace MassEmail.Server.Tests.Templates;

/// <summary>
/// Malformed requests and the status and field each must be refused with. <c>Field</c> is a
/// BadRequest field path, or for FAILED_PRECONDITION the PreconditionFailure subject.
/// </summary>
public static class BadInputCases
{
    public sealed record Case(StatusCode Code, string Field, Func<TemplatesService.TemplatesServiceClient, Seed, Task> Call, bool NeedsUniqueIndex = false);

    /// <summary>What exists before each case runs: a template at version 2 in a folder, and a second folder.</summary>
    public sealed record Seed(Template Template, TemplateFolder Folder);

    public static readonly IReadOnlyDictionary<string, Case> All = new Dictionary<string, Case>
    {
        ["create without template"] = new(StatusCode.InvalidArgument, "template", (c, _) => Create(c, null)),
        ["empty name"] = new(StatusCode.InvalidArgument, "template.name", (c, _) => Create(c, Valid(t => t.Name = ""))),
        ["blank name"] = new(StatusCode.InvalidArgument, "template.name", (c, _) => Create(c, Valid(t => t.Name = "   "))),
        ["name of 201 characters"] = new(StatusCode.InvalidArgument, "template.name", (c, _) => Create(c, Valid(t => t.Name = new string('n', 201)))),
        ["CR LF in subject"] = new(StatusCode.InvalidArgument, "template.subject", (c, _) => Create(c, Valid(t => t.Subject = "Hi\r\nBcc: victim@example.com"))),
        ["LF in subject"] = new(StatusCode.InvalidArgument, "template.subject", (c, _) => Create(c, Valid(t => t.Subject = "Hi\nthere"))),
        ["subject of 999 characters"] = new(StatusCode.InvalidArgument, "template.subject", (c, _) => Create(c, Valid(t => t.Subject = new string('s', 999)))),
        ["empty subject"] = new(StatusCode.InvalidArgument, "template.subject", (c, _) => Create(c, Valid(t => t.Subject = ""))),
        ["invalid From address"] = new(StatusCode.InvalidArgument, "template.from.address", (c, _) => Create(c, Valid(t => t.From = new EmailAddress { Address = "not-an-email" }))),
        ["header injection in From address"] = new(StatusCode.InvalidArgument, "template.from.address", (c, _) => Create(c, Valid(t => t.From = new EmailAddress { Address = "a@example.com\r\nBcc: x@example.com" }))),
        ["CR LF in From display name"] = new(StatusCode.InvalidArgument, "template.from.display_name", (c, _) => Create(c, Valid(t => t.From = new EmailAddress { Address = "a@example.com", DisplayName = "A\r\nB" }))),
        ["zero-width space in From address"] = new(StatusCode.InvalidArgument, "template.from.address", (c, _) => Create(c, Valid(t => t.From = new EmailAddress { Address = "jobs@exam\u200bple.com" }))),
        ["soft hyphen in Reply-To address"] = new(StatusCode.InvalidArgument, "template.reply_to.address", (c, _) => Create(c, Valid(t => t.ReplyTo = new EmailAddress { Address = "jobs@exam\u00ADple.com" }))),
        ["non-ASCII local part in From address"] = new(StatusCode.InvalidArgument, "template.from.address", (c, _) => Create(c, Valid(t => t.From = new EmailAddress { Address = "jürgen@example.com" }))),
        ["right-to-left override in From display name"] = new(StatusCode.InvalidArgument, "template.from.display_name", (c, _) => Create(c, Valid(t => t.From = new EmailAddress { Address = "a@example.com", DisplayName = "Support \u202Emoc.lapyap" }))),
        ["bidi isolate in Reply-To display name"] = new(StatusCode.InvalidArgument, "template.reply_to.display_name", (c, _) => Create(c, Valid(t => t.ReplyTo = new EmailAddress { Address = "a@example.com", DisplayName = "\u2067Jobs\u2069" }))),
        ["Reply-To domain without dot"] = new(StatusCode.InvalidArgument, "template.reply_to.address", (c, _) => Create(c, Valid(t => t.ReplyTo = new EmailAddress { Address = "a@localhost" }))),
        ["oversize HTML body"] = new(StatusCode.InvalidArgument, "template.html_body", (c, _) => Create(c, Valid(t => t.HtmlBody = new string('x', 600 * 1024)))),
        ["oversize text body"] = new(StatusCode.InvalidArgument, "template.text_body", (c, _) => Create(c, Valid(t => t.TextBody = new string('x', 600 * 1024)))),
        ["no body at all"] = new(StatusCode.InvalidArgument, "template.html_body", (c, _) => Create(c, Valid(t => t.HtmlBody = ""))),
        ["Liquid syntax error"] = new(StatusCode.InvalidArgument, "template.html_body", (c, _) => Create(c, Valid(t => t.HtmlBody = "<p>\n{% if record.x %}\n</p>"))),
        ["unknown engine"] = new(StatusCode.InvalidArgument, "template.engine", (c, _) => Create(c, Valid(t => t.Engine = (TemplateEngine)99))),
        ["Razor while disabled"] = new(StatusCode.FailedPrecondition, "engine", (c, _) => Create(c, Valid(t => t.Engine = TemplateEngine.Razor))),
        ["validate Razor while disabled"] = new(StatusCode.FailedPrecondition, "engine", (c, _) => c.ValidateTemplateAsync(new ValidateTemplateRequest
        {
            Content = new TemplateContent { Subject = "s", HtmlBody = "@System.Environment.MachineName", Engine = TemplateEngine.Razor },
        }).ResponseAsync),
        ["render inline Razor while disabled"] = new(StatusCode.FailedPrecondition, "engine", (c, _) => c.RenderTemplateAsync(new RenderTemplateRequest
        {
            Content = new TemplateContent { Subject = "s", HtmlBody = "@System.Environment.MachineName", Engine = TemplateEngine.Razor },
        }).ResponseAsync),
        ["unknown folder"] = new(StatusCode.InvalidArgument, "template.folder_id", (c, _) => Create(c, Valid(t => t.FolderId = MassEmail.Core.Ids.New()))),
        ["malformed folder id"] = new(StatusCode.InvalidArgument, "template.folder_id", (c, _) => Create(c, Valid(t => t.FolderId = "folder-1"))),
        ["duplicate name in other case"] = new(StatusCode.AlreadyExists, "template.name", (c, s) => Create(c, Valid(t => t.Name = s.Template.Name.ToUpperInvariant())), NeedsUniqueIndex: true),
        ["rename onto existing name"] = new(StatusCode.AlreadyExists, "template.name", (c, s) => Rename(c, s), NeedsUniqueIndex: true),
        ["get with empty id"] = new(StatusCode.InvalidArgument, "id", (c, _) => c.GetTemplateAsync(new GetTemplateRequest()).ResponseAsync),
        ["get with malformed id"] = new(StatusCode.InvalidArgument, "id", (c, _) => c.GetTemplateAsync(new GetTemplateRequest { Id = "../etc" }).ResponseAsync),
        ["bad page token"] = new(StatusCode.InvalidArgument, "page_token", (c, _) => c.ListTemplatesAsync(new ListTemplatesRequest { PageToken = "garbage!" }).ResponseAsync),
        ["page token of other filters"] = new(StatusCode.InvalidArgument, "page_token", (c, _) => ReusedToken(c)),
        ["negative page size"] = new(StatusCode.InvalidArgument, "page_size", (c, _) => c.ListTemplatesAsync(new ListTemplatesRequest { PageSize = -1 }).ResponseAsync),
        ["page size over 200"] = new(StatusCode.InvalidArgument, "page_size", (c, _) => c.ListTemplatesAsync(new ListTemplatesRequest { PageSize = 201 }).ResponseAsync),
        ["stale version on update"] = new(StatusCode.Aborted, "", (c, s) => Update(c, s, t => t.Version = 1)),
        ["missing version on update"] = new(StatusCode.InvalidArgument, "template.version", (c, s) => Update(c, s, t => t.Version = 0)),
        ["unknown update mask path"] = new(StatusCode.InvalidArgument, "update_mask", (c, s) => Update(c, s, _ => { }, "version")),
        ["CR LF in subject on update"] = new(StatusCode.InvalidArgument, "template.subject", (c, s) => Update(c, s, t => t.Subject = "a\r\nb")),
        ["stale version on delete"] = new(StatusCode.Aborted, "", (c, s) => c.DeleteTemplateAsync(new DeleteTemplateRequest { Id = s.Template.Id, Version = 1 }).ResponseAsync),
        ["render without source"] = new(StatusCode.InvalidArgument, "source", (c, _) => c.RenderTemplateAsync(new RenderTemplateRequest()).ResponseAsync),
        ["render inline with syntax error"] = new(StatusCode.InvalidArgument, "content.subject", (c, _) => c.RenderTemplateAsync(new RenderTemplateRequest
        {
            Content = new TemplateContent { Subject = "{{ record.name ", HtmlBody = "b" },
        }).ResponseAsync),
        ["folder with empty name"] = new(StatusCode.InvalidArgument, "name", (c, _) => c.CreateTemplateFolderAsync(new CreateTemplateFolderRequest { Name = "" }).ResponseAsync),
        ["delete non-empty folder"] = new(StatusCode.FailedPrecondition, "id", (c, s) => c.DeleteTemplateFolderAsync(new DeleteTemplateFolderRequest { Id = s.Folder.Id }).ResponseAsync),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    private static Template Valid(Action<Template> change)
    {
        var t = new Template { Name = "Fresh", Subject = "Hello", HtmlBody = "<p>Hi</p>" };
        change(t);
        return t;
    }

    private static Task Create(TemplatesService.TemplatesServiceClient c, Template? t) =>
        c.CreateTemplateAsync(new CreateTemplateRequest { Template = t }).ResponseAsync;

    private static Task Update(TemplatesService.TemplatesServiceClient c, Seed s, Action<Template> change, params string[] mask)
    {
        var t = s.Template.Clone();
        change(t);
        return c.UpdateTemplateAsync(new UpdateTemplateRequest { Template = t, UpdateMask = new FieldMask { Paths = { mask } } }).ResponseAsync;
    }

    private static async Task Rename(TemplatesService.TemplatesServiceClient c, Seed s)
    {
        var other = (await c.CreateTemplateAsync(new CreateTemplateRequest { Template = Valid(t => t.Name = "Other " + Guid.NewGuid()) })).Template;
        try
        {
            other.Name = s.Template.Name;
            await c.UpdateTemplateAsync(new UpdateTemplateRequest { Template = other });
        }
        finally
        {
            await c.DeleteTemplateAsync(new DeleteTemplateRequest { Id = other.Id });
        }
    }

    private static async Task ReusedToken(TemplatesService.TemplatesServiceClient c)
    {
        var first = await c.ListTemplatesAsync(new ListTemplatesRequest { PageSize = 1 });
        Assert.NotEmpty(first.NextPageToken);
        await c.ListTemplatesAsync(new ListTemplatesRequest { PageSize = 1, PageToken = first.NextPageToken, NameContains = "other" });
    }
}
