using Dapper;
using MassEmail.Core.Recipients;
using MassEmail.Core.Sending.Individual;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite.Sending;

/// <summary>
/// The <c>individual_emails</c> table, keyed by (org_id, idempotency_key). Every change is one conditional statement
/// (insert-if-new, or an update/delete naming the holder and the state it expects), so racing calls cannot both win.
/// </summary>
internal sealed class SqliteIndividualEmailStore(SqliteConnectionFactory connections) : IIndividualEmailStore
{
    private const string Columns = """
        id AS Id, org_id AS OrgId, idempotency_key AS IdempotencyKey, fingerprint AS Fingerprint, user_id AS UserId, module AS Module,
        record_id AS RecordId, template_id AS TemplateId, state AS State, holder AS Holder, lease_until AS LeaseUntil, to_address AS ToAddress,
        message_id AS MessageId, error AS Error, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    private const string Select = $"SELECT {Columns} FROM individual_emails WHERE org_id = @OrgId AND idempotency_key = @IdempotencyKey;";

    public async Task<(IndividualEmail Stored, bool Added)> AddAsync(IndividualEmail email, CancellationToken ct)
    {
        const string insert = """
            INSERT INTO individual_emails (org_id, idempotency_key, id, fingerprint, user_id, module, record_id, template_id, state, holder,
                                           lease_until, to_address, message_id, error, created_at, updated_at)
            VALUES (@OrgId, @IdempotencyKey, @Id, @Fingerprint, @UserId, @Module, @RecordId, @TemplateId, @State, @Holder,
                    @LeaseUntil, @ToAddress, @MessageId, @Error, @CreatedAt, @UpdatedAt)
            ON CONFLICT (org_id, idempotency_key) DO NOTHING;
            """;
        var row = Row.From(email);
        await using SqliteWrite write = await connections.BeginWriteAsync(ct);
        var added = await write.Db.ExecuteAsync(new CommandDefinition(insert, row, write.Tx, cancellationToken: ct)) == 1;
        var stored = await write.Db.QuerySingleAsync<Row>(new CommandDefinition(Select, row, write.Tx, cancellationToken: ct));
        await write.CommitAsync(ct);
        return (stored.ToDomain(), added);
    }

    public async Task<IndividualEmail?> GetAsync(string orgId, string idempotencyKey, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        var row = await db.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select, new { OrgId = orgId, IdempotencyKey = idempotencyKey }, cancellationToken: ct));
        return row?.ToDomain();
    }

    public Task<bool> TakeOverAsync(string orgId, string idempotencyKey, string holder, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        ExecuteOneAsync(
            """
            UPDATE individual_emails SET holder = @holder, lease_until = @leaseUntil, updated_at = @now
            WHERE org_id = @orgId AND idempotency_key = @idempotencyKey AND state = @pending AND lease_until < @now;
            """,
            new
            {
                orgId,
                idempotencyKey,
                holder,
                now = UnixMilliseconds.From(now),
                leaseUntil = UnixMilliseconds.From(leaseUntil),
                pending = (int)IndividualEmailState.Pending,
            },
            ct);

    public Task<bool> MoveAsync(
        string orgId, string idempotencyKey, string holder, IndividualEmailState from, IndividualEmailState to, string messageId, string error, DateTimeOffset now, CancellationToken ct) =>
        ExecuteOneAsync(
            """
            UPDATE individual_emails SET state = @to, message_id = @messageId, error = @error, updated_at = @now
            WHERE org_id = @orgId AND idempotency_key = @idempotencyKey AND holder = @holder AND state = @from;
            """,
            new { orgId, idempotencyKey, holder, from = (int)from, to = (int)to, messageId, error, now = UnixMilliseconds.From(now) },
            ct);

    public Task<bool> RemovePendingAsync(string orgId, string idempotencyKey, string holder, CancellationToken ct) =>
        ExecuteOneAsync(
            "DELETE FROM individual_emails WHERE org_id = @orgId AND idempotency_key = @idempotencyKey AND holder = @holder AND state = @pending;",
            new { orgId, idempotencyKey, holder, pending = (int)IndividualEmailState.Pending },
            ct);

    private async Task<bool> ExecuteOneAsync(string sql, object args, CancellationToken ct)
    {
        await using SqliteConnection db = await connections.OpenAsync(ct);
        return await db.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct)) == 1;
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";

        public string OrgId { get; set; } = "";

        public string IdempotencyKey { get; set; } = "";

        public string Fingerprint { get; set; } = "";

        public string UserId { get; set; } = "";

        public long Module { get; set; }

        public string RecordId { get; set; } = "";

        public string TemplateId { get; set; } = "";

        public long State { get; set; }

        public string Holder { get; set; } = "";

        public long LeaseUntil { get; set; }

        public string ToAddress { get; set; } = "";

        public string MessageId { get; set; } = "";

        public string Error { get; set; } = "";

        public long CreatedAt { get; set; }

        public long UpdatedAt { get; set; }

        public static Row From(IndividualEmail e) => new()
        {
            Id = e.Id,
            OrgId = e.OrgId,
            IdempotencyKey = e.IdempotencyKey,
            Fingerprint = e.Fingerprint,
            UserId = e.UserId,
            Module = (long)e.Module,
            RecordId = e.RecordId,
            TemplateId = e.TemplateId,
            State = (long)e.State,
            Holder = e.Holder,
            LeaseUntil = UnixMilliseconds.From(e.LeaseUntil),
            ToAddress = e.To,
            MessageId = e.MessageId,
            Error = e.Error,
            CreatedAt = UnixMilliseconds.From(e.CreatedAt),
            UpdatedAt = UnixMilliseconds.From(e.UpdatedAt),
        };

        public IndividualEmail ToDomain() => new(
            Id, OrgId, IdempotencyKey, Fingerprint, UserId, (RecordModule)Module, RecordId, TemplateId, (IndividualEmailState)State, Holder,
            UnixMilliseconds.ToTime(LeaseUntil), ToAddress, MessageId, Error, UnixMilliseconds.ToTime(CreatedAt), UnixMilliseconds.ToTime(UpdatedAt));
    }
}
