using System.Runtime.CompilerServices;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Storage.Tests.Fixtures;

namespace MassEmail.Storage.Tests.Contracts.Recipients;

/// <summary>
/// The criteria parity table (<see cref="CriteriaCases"/>) run on one adapter: each case must select exactly
/// its expected candidates, through record search and through audiences alike.
/// </summary>
public abstract class CriteriaParityContract(StoreFixture fixture) : StoreContract(fixture)
{
    // Seeded once per fixture (one store), not once per case: the data set is read-only.
    private static readonly ConditionalWeakTable<StoreFixture, Task<string>> Seeded = new();

    public static TheoryData<string> Cases
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (CriteriaCase c in CriteriaCases.All)
            {
                names.Add(c.Name);
            }

            return names;
        }
    }

    [Fact]
    public void Table_HasEnoughUniquelyNamedCases()
    {
        Assert.True(CriteriaCases.All.Count >= 35);
        Assert.Equal(CriteriaCases.All.Count, CriteriaCases.All.Select(c => c.Name).Distinct().Count());
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task SearchAsync_CriteriaCase_ReturnsExactlyTheExpectedCandidates(string name)
    {
        CriteriaCase c = CriteriaCases.Named(name);
        Fixture.Require(c.Requires);
        var orgId = await SeedOnceAsync();

        IReadOnlyList<RecipientRecord> found = await Store<IRecordStore>().SearchAsync(new RecordSearch(orgId, RecordModule.Candidates, c.Filter, null, 100), Ct);

        Assert.Equal(c.Expected.Order(StringComparer.Ordinal), found.Select(r => r.ExternalId).Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task StreamAsync_CriteriaCase_StreamsExactlyTheExpectedCandidates(string name)
    {
        CriteriaCase c = CriteriaCases.Named(name);
        Fixture.Require(c.Requires);
        var orgId = await SeedOnceAsync();

        List<string> streamed = [];
        await foreach (AudienceMember m in Store<IAudienceStore>().StreamAsync(new AudienceQuery(orgId, RecordModule.Candidates, c.Filter, null, null, false), Ct))
        {
            streamed.Add(m.ExternalId);
        }

        Assert.Equal(c.Expected.Order(StringComparer.Ordinal), streamed.Order(StringComparer.Ordinal));
    }

    private Task<string> SeedOnceAsync()
    {
        _ = Fixture.Store;
        lock (Seeded)
        {
            return Seeded.GetValue(Fixture, _ => SeedAsync());
        }
    }

    private async Task<string> SeedAsync()
    {
        var orgId = await NewOrgAsync();
        IRecordStore records = Store<IRecordStore>();
        await records.UpsertAsync(orgId, RecordModule.Clients, CriteriaDataSet.Clients(orgId), Ct);
        await records.UpsertAsync(orgId, RecordModule.Candidates, CriteriaDataSet.Candidates(orgId), Ct);

        // The same values in another organisation must never leak into the results, nor its client K-404
        // (which would match most client conditions for c07, whose client does not exist in this organisation).
        var otherOrg = await NewOrgAsync();
        await records.UpsertAsync(otherOrg, RecordModule.Clients, [.. CriteriaDataSet.Clients(otherOrg), CriteriaDataSet.ForeignClient(otherOrg)], Ct);
        await records.UpsertAsync(otherOrg, RecordModule.Candidates, CriteriaDataSet.Candidates(otherOrg), Ct);
        return orgId;
    }
}
