using MassEmail.Core;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Scheduling;
using MassEmail.Core.Syncs;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Syncs;

/// <summary>
/// What every <see cref="ISyncDefinitionStore"/> must do: keep a definition as given (settings and status whole), one
/// name per connection (case-insensitive), updates only at the expected version and keeping the status, organisations
/// and connections apart.
/// </summary>
public abstract class SyncDefinitionStoreContract(StoreFixture fixture) : StoreContract(fixture)
{
    private ISyncDefinitionStore Definitions => Store<ISyncDefinitionStore>();

    [SkippableFact]
    public async Task InsertAsync_ThenGet_ReturnsEqualDefinition()
    {
        var definition = Definition(await NewOrgAsync(), Ids.New(), "Nightly candidates — EU") with
        {
            Status = new SyncStatus(SyncState.Failed, TestData.Now().AddHours(-2), TestData.Now(), "2101 retry after sometime", 7),
            Version = 5_000_000_000,
        };

        await Definitions.InsertAsync(definition, Ct);

        Assert.Equal(definition, await Definitions.GetAsync(definition.OrgId, definition.Id, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_EveryScheduleAndSourceKind_ReadBackEqual()
    {
        var orgId = await NewOrgAsync();
        var connectionId = Ids.New();
        var weekly = Definition(orgId, connectionId, "weekly") with
        {
            Settings = Settings() with
            {
                Source = new SyncSource(SyncSourceKind.Criteria, """{"Field":"email","Operator":"IsNotEmpty"}"""),
                Schedule = new ScheduleTiming(new DateTime(2030, 3, 31, 2, 30, 0), "Europe/Warsaw", new Recurrence(RecurrenceKind.Weekly, 0b0100010, 0, "", null, 0)),
                OnRecordDeleted = RecordDeletedAction.Leave,
                ExcludeEmailOptOuts = false,
                Continuous = true,
            },
        };
        var once = Definition(orgId, connectionId, "once") with
        {
            Settings = Settings() with { Source = new SyncSource(SyncSourceKind.List, Ids.New()), Schedule = new ScheduleTiming(new DateTime(2030, 1, 1, 9, 0, 0), "Asia/Kolkata", null) },
        };

        await Definitions.InsertAsync(weekly, Ct);
        await Definitions.InsertAsync(once, Ct);

        Assert.Equal(weekly, await Definitions.GetAsync(orgId, weekly.Id, Ct));
        Assert.Equal(once, await Definitions.GetAsync(orgId, once.Id, Ct));
    }

    [SkippableFact]
    public async Task InsertAsync_NameTakenInConnectionWithOtherCase_ThrowsAlreadyExistsForName_OtherConnectionMayUseIt()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        var connectionId = Ids.New();
        await Definitions.InsertAsync(Definition(orgId, connectionId, "Daily"), Ct);

        var e = await Assert.ThrowsAsync<AlreadyExistsException>(() => Definitions.InsertAsync(Definition(orgId, connectionId, " DAILY"), Ct));

        Assert.Equal("name", e.Field);
        Assert.Single(await Definitions.ListAsync(orgId, connectionId, Ct));
        await Definitions.InsertAsync(Definition(orgId, Ids.New(), "Daily"), Ct);
    }

    [SkippableTheory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("not-an-id")]
    public async Task GetAsync_UnknownOrMalformedId_ReturnsNull(string id)
    {
        Assert.Null(await Definitions.GetAsync(await NewOrgAsync(), id, Ct));
    }

    [SkippableFact]
    public async Task GetAsync_OtherOrganisation_ReturnsNull()
    {
        var definition = Definition(await NewOrgAsync(), Ids.New(), "mine");
        await Definitions.InsertAsync(definition, Ct);

        Assert.Null(await Definitions.GetAsync(await NewOrgAsync(), definition.Id, Ct));
        Assert.Empty(await Definitions.ListAsync(await NewOrgAsync(), definition.ConnectionId, Ct));
    }

    [SkippableFact]
    public async Task ListAsync_OnlyTheConnections_OrderedByNameKeyThenId()
    {
        var orgId = await NewOrgAsync();
        var connectionId = Ids.New();
        var b = Definition(orgId, connectionId, "beta");
        var a = Definition(orgId, connectionId, "Alpha");
        var c = Definition(orgId, connectionId, "Gamma");
        foreach (var definition in new[] { b, c, a, Definition(orgId, Ids.New(), "other connection") })
        {
            await Definitions.InsertAsync(definition, Ct);
        }

        Assert.Equal([a, b, c], await Definitions.ListAsync(orgId, connectionId, Ct));
        Assert.Empty(await Definitions.ListAsync(orgId, Ids.New(), Ct));
        Assert.Empty(await Definitions.ListAsync("not-an-id", connectionId, Ct));
    }

    [SkippableFact]
    public async Task UpdateAsync_AtExpectedVersion_ReplacesSettingsAndKeepsStatus_StaleVersionChangesNothing()
    {
        var stored = Definition(await NewOrgAsync(), Ids.New(), "to change") with
        {
            Status = new SyncStatus(SyncState.Idle, TestData.Now(), null, "", 0),
        };
        await Definitions.InsertAsync(stored, Ct);
        var changed = stored with
        {
            Name = "Changed",
            Settings = Settings() with { RemoteListId = "3z1b2c", Fields = [new(StandardFields.Email, "Contact Email")] },
            Status = SyncStatus.Initial,
            UpdatedAt = TestData.Now().AddMinutes(5),
            Version = 2,
        };

        Assert.True(await Definitions.UpdateAsync(changed, 1, Ct));
        Assert.False(await Definitions.UpdateAsync(changed with { Name = "Stale", Version = 2 }, 1, Ct));
        Assert.False(await Definitions.UpdateAsync(changed with { OrgId = await NewOrgAsync(), Version = 3 }, 2, Ct));

        Assert.Equal(changed with { Status = stored.Status }, await Definitions.GetAsync(stored.OrgId, stored.Id, Ct));
    }

    [SkippableFact]
    public async Task UpdateAsync_ToAnotherDefinitionsName_ThrowsAlreadyExistsAndChangesNothing()
    {
        Fixture.Require(StoreCapabilities.UniqueSecondaryIndexes);
        var orgId = await NewOrgAsync();
        var connectionId = Ids.New();
        var first = Definition(orgId, connectionId, "first");
        var second = Definition(orgId, connectionId, "second");
        await Definitions.InsertAsync(first, Ct);
        await Definitions.InsertAsync(second, Ct);

        var e = await Assert.ThrowsAsync<AlreadyExistsException>(() => Definitions.UpdateAsync(second with { Name = "FIRST", Version = 2 }, 1, Ct));

        Assert.Equal("name", e.Field);
        Assert.Equal(second, await Definitions.GetAsync(orgId, second.Id, Ct));
    }

    [SkippableFact]
    public async Task DeleteAsync_OnlyInItsOrg_ThenGone_AndNameFreeAgain()
    {
        var definition = Definition(await NewOrgAsync(), Ids.New(), "To delete");
        await Definitions.InsertAsync(definition, Ct);

        Assert.False(await Definitions.DeleteAsync(await NewOrgAsync(), definition.Id, Ct));
        Assert.False(await Definitions.DeleteAsync(definition.OrgId, "not-an-id", Ct));
        Assert.True(await Definitions.DeleteAsync(definition.OrgId, definition.Id, Ct));
        Assert.False(await Definitions.DeleteAsync(definition.OrgId, definition.Id, Ct));
        Assert.Null(await Definitions.GetAsync(definition.OrgId, definition.Id, Ct));
        await Definitions.InsertAsync(Definition(definition.OrgId, definition.ConnectionId, "To delete"), Ct);
    }

    [SkippableFact]
    public async Task DeleteForConnectionAsync_DeletesOnlyThatConnectionsInThatOrg()
    {
        var orgId = await NewOrgAsync();
        var connectionId = Ids.New();
        var kept = Definition(orgId, Ids.New(), "other connection");
        await Definitions.InsertAsync(Definition(orgId, connectionId, "one"), Ct);
        await Definitions.InsertAsync(Definition(orgId, connectionId, "two"), Ct);
        await Definitions.InsertAsync(kept, Ct);

        Assert.Equal(0, await Definitions.DeleteForConnectionAsync(await NewOrgAsync(), connectionId, Ct));
        Assert.Equal(2, await Definitions.DeleteForConnectionAsync(orgId, connectionId, Ct));

        Assert.Empty(await Definitions.ListAsync(orgId, connectionId, Ct));
        Assert.Equal(kept, await Definitions.GetAsync(orgId, kept.Id, Ct));
    }

    [SkippableFact]
    public async Task ListForOrganisationAsync_EveryConnectionsDefinitionsById_OnlyTheOrganisations()
    {
        var orgId = await NewOrgAsync();
        var other = Definition(await NewOrgAsync(), Ids.New(), "other organisation");
        var mine = new[] { Definition(orgId, Ids.New(), "one"), Definition(orgId, Ids.New(), "two"), Definition(orgId, Ids.New(), "three") };
        foreach (var definition in mine.Append(other))
        {
            await Definitions.InsertAsync(definition, Ct);
        }

        Assert.Equal(mine.OrderBy(d => d.Id, StringComparer.Ordinal), await Definitions.ListForOrganisationAsync(orgId, Ct));
    }

    [SkippableFact]
    public async Task ListAllAsync_EveryOrganisationById_PagedAfterAnId()
    {
        var inserted = new[] { Definition(await NewOrgAsync(), Ids.New(), "a"), Definition(await NewOrgAsync(), Ids.New(), "b"), Definition(await NewOrgAsync(), Ids.New(), "c") };
        foreach (var definition in inserted)
        {
            await Definitions.InsertAsync(definition, Ct);
        }

        var all = new List<SyncDefinition>();
        string? after = null;
        while (await Definitions.ListAllAsync(after, 2, Ct) is { Count: > 0 } page)
        {
            Assert.True(page.Count <= 2);
            all.AddRange(page);
            after = page[^1].Id;
        }

        Assert.Equal(all.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => d.Id), all.Select(d => d.Id));
        Assert.All(inserted, d => Assert.Contains(d, all));
    }

    private static SyncSettings Settings() => new(
        RecordModule.Candidates,
        new SyncSource(SyncSourceKind.View, Ids.New()),
        "1a2b3c4d",
        [new(StandardFields.Email, "Contact Email"), new(StandardFields.FirstName, "First Name"), new("Skill set", "Skills")],
        true,
        RecordDeletedAction.RemoveFromList,
        new ScheduleTiming(new DateTime(2030, 5, 4, 9, 30, 0), "Europe/Warsaw", new Recurrence(RecurrenceKind.Monthly, 0, 31, "", null, 0)),
        false);

    private static SyncDefinition Definition(string orgId, string connectionId, string name) => new(
        Ids.New(), orgId, connectionId, name, Settings(), SyncStatus.Initial, Ids.New(), TestData.Now(), TestData.Now(), 1);
}
