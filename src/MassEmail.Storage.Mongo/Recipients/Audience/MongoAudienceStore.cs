using System.Runtime.CompilerServices;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Storage.Mongo.Documents;
using MassEmail.Storage.Mongo.Recipients.Criteria;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MassEmail.Storage.Mongo.Recipients.Audience;

/// <summary>
/// Audiences evaluated inside MongoDB, one aggregation each (see <see cref="AudienceSource"/>): skip
/// reasons from the record and its list state, duplicates by <c>email_key</c> among the records no
/// other reason applies to, the smallest id keeping the address.
/// </summary>
internal sealed class MongoAudienceStore(MongoCollections collections, MongoCriteriaTranslator criteria, IOptions<MongoStoreOptions> options) : IAudienceStore
{
    private const string Skip = "skip";

    private readonly TimeSpan queryTimeLimit = options.Value.QueryTimeLimit;
    private readonly TimeSpan snapshotTimeLimit = options.Value.SnapshotTimeLimit;

    // Grouping a large audience by address may need more than the in-memory limit of a stage.
    private AggregateOptions Aggregation => Options(queryTimeLimit);

    /// <summary>Aggregations of audiences: allowed to spill to disk, stopped by the server at <paramref name="limit"/>.</summary>
    internal static AggregateOptions Options(TimeSpan limit) => new() { AllowDiskUse = true, MaxTime = limit };

    public Task<long> CountBeforeDuplicatesAsync(AudienceQuery query, CancellationToken ct) =>
        MongoErrors.TimeLimitedAsync("audience count", queryTimeLimit, () => CountBeforeDuplicatesWithinLimitAsync(query, ct));

    public Task<AudienceCounts> CountAsync(AudienceQuery query, CancellationToken ct) =>
        MongoErrors.TimeLimitedAsync("audience count", queryTimeLimit, () => CountWithinLimitAsync(query, ct));

    public Task<IReadOnlyList<AudienceMember>> SampleAsync(AudienceQuery query, int limit, CancellationToken ct) =>
        MongoErrors.TimeLimitedAsync("audience sample", queryTimeLimit, () => SampleWithinLimitAsync(query, limit, ct));

    public async IAsyncEnumerable<AudienceMember> StreamAsync(AudienceQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        if (await MongoErrors.TimeLimitedAsync("audience", queryTimeLimit, () => SourceAsync(query, ct)) is not { } source)
        {
            yield break;
        }

        var stream = new AudienceStream(collections, source, Options(snapshotTimeLimit));
        await using IAsyncEnumerator<AudienceMember> members = stream.ReadAsync(query.OrgId, ct).GetAsyncEnumerator(ct);
        while (await MongoErrors.TimeLimitedAsync("audience snapshot", snapshotTimeLimit, async () => await members.MoveNextAsync()))
        {
            yield return members.Current;
        }
    }

    private async Task<long> CountBeforeDuplicatesWithinLimitAsync(AudienceQuery query, CancellationToken ct)
    {
        if (await SourceAsync(query, ct) is not { } source)
        {
            return 0;
        }

        List<BsonDocument> pipeline = source.Stages(inIdOrder: false);
        pipeline.Add(new("$project", new BsonDocument { [RecordFields.Id] = 0, [Skip] = AudienceSkips.Expression() }));
        pipeline.Add(new("$match", new BsonDocument(Skip, (int)SkipReason.None)));
        pipeline.Add(Group(BsonNull.Value, new BsonDocument("$sum", 1)));
        BsonDocument? result = await source.Collection.Aggregate<BsonDocument>(pipeline, Aggregation, ct).FirstOrDefaultAsync(ct);
        return result is null ? 0 : result["n"].ToInt64();
    }

    private async Task<AudienceCounts> CountWithinLimitAsync(AudienceQuery query, CancellationToken ct)
    {
        if (await SourceAsync(query, ct) is not { } source)
        {
            return new AudienceCounts(0, 0, 0, 0, 0, 0, 0);
        }

        List<BsonDocument> pipeline = source.Stages(inIdOrder: false);
        pipeline.Add(new("$project", new BsonDocument { [RecordFields.Id] = 0, [RecordFields.EmailKey] = 1, [Skip] = AudienceSkips.Expression() }));
        pipeline.Add(new("$facet", new BsonDocument
        {
            ["skips"] = new BsonArray { Group("$" + Skip, new BsonDocument("$sum", 1)) },

            // An address held by n eligible records has n - 1 duplicates.
            ["duplicates"] = new BsonArray
            {
                new BsonDocument("$match", new BsonDocument(Skip, (int)SkipReason.None)),
                Group("$" + RecordFields.EmailKey, new BsonDocument("$sum", 1)),
                Group(BsonNull.Value, new BsonDocument("$sum", new BsonDocument("$subtract", new BsonArray { "$n", 1 }))),
            },
        }));
        BsonDocument result = await source.Collection.Aggregate<BsonDocument>(pipeline, Aggregation, ct).SingleAsync(ct);

        var bySkip = result["skips"].AsBsonArray.Select(b => b.AsBsonDocument)
            .ToDictionary(b => (SkipReason)b["_id"].ToInt32(), b => b["n"].ToInt64());
        long Count(SkipReason reason) => bySkip.GetValueOrDefault(reason);
        var total = bySkip.Values.Sum();
        return new AudienceCounts(
            total,
            total - Count(SkipReason.NoEmail) - Count(SkipReason.InvalidEmail),
            Count(SkipReason.NoEmail),
            Count(SkipReason.InvalidEmail),
            Count(SkipReason.OptedOut),
            Count(SkipReason.UnsubscribedFromList),
            result["duplicates"].AsBsonArray.Select(b => b["n"].ToInt64()).FirstOrDefault());
    }

    private async Task<IReadOnlyList<AudienceMember>> SampleWithinLimitAsync(AudienceQuery query, int limit, CancellationToken ct)
    {
        if (limit <= 0 || await SourceAsync(query, ct) is not { } source)
        {
            return [];
        }

        List<BsonDocument> pipeline = source.Stages(inIdOrder: true, limit);
        pipeline.Add(new("$project", AudienceMembers.Projection()));
        List<BsonDocument> docs = await source.Collection.Aggregate<BsonDocument>(pipeline, Aggregation, ct).ToListAsync(ct);

        // The sample is a prefix in id order, so every smaller id with the same address is in it.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return
        [
            .. docs.Select(doc =>
            {
                SkipReason skip = AudienceSkips.Of(doc);
                return AudienceMembers.ToMember(doc, skip == SkipReason.None && !seen.Add(AudienceMembers.EmailKey(doc)) ? SkipReason.Duplicate : skip);
            }),
        ];
    }

    private static BsonDocument Group(BsonValue key, BsonDocument count) =>
        new("$group", new BsonDocument { ["_id"] = key, ["n"] = count });

    /// <summary>Where the audience's records come from, or null when none can match.</summary>
    private async Task<AudienceSource?> SourceAsync(AudienceQuery query, CancellationToken ct)
    {
        if (!MongoIds.IsValid(query.OrgId))
        {
            return null;
        }

        // A list id that cannot exist selects nobody when static, and unsubscribes nobody when dynamic.
        var listId = query.ListId is { } id && MongoIds.IsValid(id) ? id : null;
        if (query.ListIsStatic && query.ListId is not null && listId is null)
        {
            return null;
        }

        var conditions = new List<BsonDocument> { RecordFilters.Scope(query.OrgId, query.Module) };
        if (query.RecordIds is { } ids)
        {
            conditions.Add(RecordFilters.IdIn(ids));
        }

        IReadOnlyList<BsonDocument> joinStages = [];
        if (query.Filter is not null)
        {
            RecordCriteria translated = await criteria.TranslateAsync(query.OrgId, query.Filter, ct);
            conditions.Add(translated.Prefilter);
            joinStages = translated.JoinStages();
        }

        return new AudienceSource(collections, query.OrgId, RecordFilters.And(conditions), joinStages, listId, query.ListIsStatic);
    }
}
