using MassEmail.Core;
using MassEmail.Core.Errors;
using MassEmail.Core.Macros;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending;
using MassEmail.Core.Templates;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Macros;

/// <summary>What every <see cref="IMacroStore"/> must do: names unique per organisation (case-insensitive), writes conditional on version.</summary>
public abstract class MacroStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private IMacroStore Macros => Store<IMacroStore>();

    [SkippableFact]
    public async Task InsertAsync_ThenGet_ReturnsEqualMacro()
    {
        var macro = Macro(await NewOrgAsync(), "Interview invite — München") with { Version = 5_000_000_000 };

        await Macros.InsertAsync(macro, Ct);

        Assert.Equal(macro, await Macros.GetAsync(macro.OrgId, macro.Id, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_NameTakenWithOtherCase_ThrowsAlreadyExistsForName()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        await Macros.InsertAsync(Macro(orgId, "Reject politely"), Ct);

        var e = await Assert.ThrowsAsync<AlreadyExistsException>(() => Macros.InsertAsync(Macro(orgId, " REJECT POLITELY"), Ct));

        Assert.Equal("name", e.Field);
        Assert.Single(await Macros.ListAsync(orgId, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_SameNameInOtherOrg_SucceedsAndStaysApart()
    {
        var mine = Macro(await NewOrgAsync(), "Welcome");
        var theirs = Macro(await NewOrgAsync(), "Welcome");

        await Macros.InsertAsync(mine, Ct);
        await Macros.InsertAsync(theirs, Ct);

        Assert.Null(await Macros.GetAsync(mine.OrgId, theirs.Id, Ct));
        Assert.Equal([mine], await Macros.ListAsync(mine.OrgId, Ct));
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task GetAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Macros.GetAsync(await NewOrgAsync(), id, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_OrdersByNameKeyThenId()
    {
        var orgId = await NewOrgAsync();
        var b = Macro(orgId, "beta");
        var a = Macro(orgId, "Alpha");
        await Macros.InsertAsync(b, Ct);
        await Macros.InsertAsync(a, Ct);

        Assert.Equal([a, b], await Macros.ListAsync(orgId, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_AtStoredVersion_ReplacesAtOtherVersionIsMismatch()
    {
        var macro = Macro(await NewOrgAsync(), "Offer");
        await Macros.InsertAsync(macro, Ct);
        var next = macro with { Name = "Offer v2", TemplateId = Ids.New(), ReplyTo = AddressChoice.RecordOwner, Version = 2 };

        Assert.Equal(WriteOutcome.VersionMismatch, await Macros.ReplaceAsync(next with { Version = 3 }, 2, Ct));
        Assert.Equal(WriteOutcome.Done, await Macros.ReplaceAsync(next, 1, Ct));
        Assert.Equal(next, await Macros.GetAsync(macro.OrgId, macro.Id, Ct));
        Assert.Equal(WriteOutcome.NotFound, await Macros.ReplaceAsync(Macro(macro.OrgId, "gone"), 1, Ct));
    }

    [SkippableFact]
    public async Task ReplaceAsync_ToANameTaken_ThrowsAlreadyExistsAndKeepsTheMacro()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        var first = Macro(orgId, "First");
        var second = Macro(orgId, "Second");
        await Macros.InsertAsync(first, Ct);
        await Macros.InsertAsync(second, Ct);

        await Assert.ThrowsAsync<AlreadyExistsException>(() => Macros.ReplaceAsync(second with { Name = "FIRST", Version = 2 }, 1, Ct));

        Assert.Equal(second, await Macros.GetAsync(orgId, second.Id, Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_OnlyTheOrganisationsOwn_OnceThenFalse()
    {
        var macro = Macro(await NewOrgAsync(), "Bye");
        await Macros.InsertAsync(macro, Ct);

        Assert.False(await Macros.DeleteAsync(await NewOrgAsync(), macro.Id, Ct));
        Assert.True(await Macros.DeleteAsync(macro.OrgId, macro.Id, Ct));
        Assert.False(await Macros.DeleteAsync(macro.OrgId, macro.Id, Ct));
        Assert.Null(await Macros.GetAsync(macro.OrgId, macro.Id, Ct));
    }

    private static Macro Macro(string orgId, string name)
    {
        var now = TestData.Now();
        return new Macro(Ids.New(), orgId, RecordModule.Candidates, name, Ids.New(), AddressChoice.Organisation, AddressChoice.Account, Ids.New(), 1, now, now);
    }
}
