using System.Data;
using Dapper;
using MassEmail.Core.Storage;
using Microsoft.Data.Sqlite;

namespace MassEmail.Storage.Sqlite;

/// <summary>Creates or migrates the schema of <see cref="SqliteSchema"/>; safe to run from several processes at once.</summary>
internal sealed class SqliteStoreInitializer(SqliteConnectionFactory connections) : IStoreInitializer
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(connections.FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using SqliteConnection connection = await connections.OpenAsync(ct);

        // WAL lets readers run beside the one writer. The mode is stored in the file, and it cannot
        // be changed inside a transaction, so it is set here, before the migration transaction.
        var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: ct));
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused WAL mode for '{connections.FilePath}' (journal_mode is '{mode}').");
        }

        // BEGIN IMMEDIATE takes the write lock before user_version is read, so a second process
        // starting at the same moment waits (busy_timeout) and then sees the migrated version.
        await using SqliteTransaction tx = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        var version = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA user_version;", transaction: tx, cancellationToken: ct));
        if (version > SqliteSchema.Migrations.Count)
        {
            throw new InvalidOperationException(
                $"'{connections.FilePath}' has schema version {version}, newer than this build knows ({SqliteSchema.Migrations.Count}).");
        }

        for (var i = (int)version; i < SqliteSchema.Migrations.Count; i++)
        {
            await connection.ExecuteAsync(new CommandDefinition(SqliteSchema.Migrations[i], transaction: tx, cancellationToken: ct));
            // PRAGMA takes no parameters; the value is an integer we produce, not input.
            await connection.ExecuteAsync(new CommandDefinition($"PRAGMA user_version = {i + 1};", transaction: tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }
}
