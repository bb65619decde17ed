namespace MassEmail.Core.Templates;

/// <summary>An update: take <see cref="Fields"/> from <see cref="Values"/>, keep the rest, if the stored version is <see cref="ExpectedVersion"/>.</summary>
public sealed record TemplateUpdate(string Id, long ExpectedVersion, TemplateDraft Values, TemplateField Fields)
{
    public TemplateDraft ApplyTo(Template current)
    {
        TemplateDraft d = TemplateDraft.Of(current);
        T Pick<T>(TemplateField f, T fresh, T old) => (Fields & f) != 0 ? fresh : old;
        return new TemplateDraft(
            Pick(TemplateField.Name, Values.Name, d.Name),
            Pick(TemplateField.Folder, Values.FolderId, d.FolderId),
            Pick(TemplateField.Subject, Values.Subject, d.Subject),
            Pick(TemplateField.HtmlBody, Values.HtmlBody, d.HtmlBody),
            Pick(TemplateField.TextBody, Values.TextBody, d.TextBody),
            Pick(TemplateField.From, Values.From, d.From),
            Pick(TemplateField.ReplyTo, Values.ReplyTo, d.ReplyTo),
            Pick(TemplateField.Engine, Values.Engine, d.Engine),
            Pick(TemplateField.Description, Values.Description, d.Description));
    }
}
