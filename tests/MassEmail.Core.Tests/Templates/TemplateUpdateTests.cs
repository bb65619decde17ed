using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;

namespace MassEmail.Core.Tests.Templates;

public sealed class TemplateUpdateTests
{
    private static readonly Template Current = new(
        Ids.New(), Ids.New(), "Old name", null, "Old subject", "<p>old</p>", "old text",
        new Mailbox("from@example.com", "From"), null, TemplateEngineKind.Liquid, "old description", 3,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private static readonly TemplateDraft Fresh = new(
        "New name", null, "New subject", "<p>new</p>", null, null, new Mailbox("reply@example.com", ""),
        TemplateEngineKind.Liquid, "new description");

    [Fact]
    public void ApplyTo_SubjectOnly_KeepsEverythingElse()
    {
        var result = new TemplateUpdate(Current.Id, 3, Fresh, TemplateField.Subject).ApplyTo(Current);
        Assert.Equal(TemplateDraft.Of(Current) with { Subject = "New subject" }, result);
    }

    [Fact]
    public void ApplyTo_AllFields_TakesEveryNewValueIncludingClearedOnes()
    {
        var result = new TemplateUpdate(Current.Id, 3, Fresh, TemplateField.All).ApplyTo(Current);
        Assert.Equal(Fresh, result);
    }
}
