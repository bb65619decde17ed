using MassEmail.Core.Errors;
using MassEmail.Core.Tenancy;

namespace MassEmail.Core.Templates;

/// <summary>Use cases of template folders.</summary>
public sealed class TemplateFolderService(ITemplateFolderStore folders, ITemplateStore templates, TimeProvider time)
{
    private const string Resource = "template folder";

    public async Task<TemplateFolder> CreateAsync(Caller caller, string name, CancellationToken ct)
    {
        caller.Require(Permission.TemplatesWrite);
        var violations = new List<FieldViolation>();
        TemplateValidator.CheckName(name, "name", violations);
        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }

        var folder = new TemplateFolder(Ids.New(time), caller.OrgId, name.Trim(), time.GetUtcNowMs());
        await folders.InsertAsync(folder, ct);
        return folder;
    }

    public Task<IReadOnlyList<TemplateFolder>> ListAsync(Caller caller, CancellationToken ct)
    {
        caller.Require(Permission.TemplatesRead);
        return folders.ListAsync(caller.OrgId, ct);
    }

    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.TemplatesWrite);
        if (await folders.GetAsync(caller.OrgId, id, ct) is null)
        {
            throw new NotFoundException(Resource, id);
        }

        if (await templates.AnyInFolderAsync(caller.OrgId, id, ct))
        {
            throw new PreconditionFailedException("FOLDER_NOT_EMPTY", "id", "The folder still holds templates; move or delete them first.");
        }

        if (!await folders.DeleteAsync(caller.OrgId, id, ct))
        {
            throw new NotFoundException(Resource, id);
        }
    }
}
