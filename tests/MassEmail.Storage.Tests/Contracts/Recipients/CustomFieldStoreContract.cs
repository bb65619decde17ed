using MassEmail.Core.Recipients;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>What every <see cref="ICustomFieldStore"/> must do: first definition wins, per organisation and module.</summary>
public abstract class CustomFieldStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private ICustomFieldStore Fields => Store<ICustomFieldStore>();

    [SkippableFact]
    public async Task DefineAsync_EveryType_ListReturnsThemOrderedByName()
    {
        var orgId = await NewOrgAsync();
        CustomFieldDefinition[] defined =
        [
            Define(orgId, "skills", FieldType.List),
            Define(orgId, "Available from", FieldType.Date),
            Define(orgId, "relocate", FieldType.Bool),
            Define(orgId, "Jahre Erfahrung", FieldType.Number),
            Define(orgId, "Home city", FieldType.String),
        ];
        foreach (CustomFieldDefinition d in defined)
        {
            await Fields.DefineAsync(d, Ct);
        }

        Assert.Equal(defined.OrderBy(d => d.Name, StringComparer.Ordinal), await Fields.ListAsync(orgId, RecordModule.Candidates, Ct));
    }

    [SkippableFact]
    public async Task DefineAsync_SameNameTwice_KeepsFirstDefinition()
    {
        var orgId = await NewOrgAsync();
        CustomFieldDefinition first = Define(orgId, "years", FieldType.Number);
        await Fields.DefineAsync(first, Ct);

        await Fields.DefineAsync(Define(orgId, "years", FieldType.String) with { CreatedAt = first.CreatedAt.AddDays(1) }, Ct);

        Assert.Equal([first], await Fields.ListAsync(orgId, RecordModule.Candidates, Ct));
    }

    [SkippableFact]
    public async Task DefineAsync_SameNameInOtherModuleAndOrg_AreSeparate()
    {
        var orgId = await NewOrgAsync();
        var otherOrg = await NewOrgAsync();
        CustomFieldDefinition candidates = Define(orgId, "tier", FieldType.Number);
        CustomFieldDefinition clients = Define(orgId, "tier", FieldType.String) with { Module = RecordModule.Clients };
        CustomFieldDefinition foreign = Define(otherOrg, "tier", FieldType.Bool);

        await Fields.DefineAsync(candidates, Ct);
        await Fields.DefineAsync(clients, Ct);
        await Fields.DefineAsync(foreign, Ct);

        Assert.Equal([candidates], await Fields.ListAsync(orgId, RecordModule.Candidates, Ct));
        Assert.Equal([clients], await Fields.ListAsync(orgId, RecordModule.Clients, Ct));
        Assert.Empty(await Fields.ListAsync(orgId, RecordModule.Contacts, Ct));
        Assert.Equal([foreign], await Fields.ListAsync(otherOrg, RecordModule.Candidates, Ct));
    }

    [SkippableFact]
    public async Task DefineAsync_NamesDifferingInCase_AreDistinctFields()
    {
        var orgId = await NewOrgAsync();
        CustomFieldDefinition lower = Define(orgId, "level", FieldType.Number);
        CustomFieldDefinition upper = Define(orgId, "Level", FieldType.String);

        await Fields.DefineAsync(lower, Ct);
        await Fields.DefineAsync(upper, Ct);

        Assert.Equal([upper, lower], await Fields.ListAsync(orgId, RecordModule.Candidates, Ct));
    }

    private static CustomFieldDefinition Define(string orgId, string name, FieldType type) =>
        new(orgId, RecordModule.Candidates, name, type, TestData.Now());
}
