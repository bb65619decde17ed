namespace MassEmail.Core.Recipients.Lists;

/// <summary>Persistence of mailing lists; names are unique per organisation (case-insensitive).</summary>
public interface IMailingListStore
{
    /// <summary><see cref="Errors.AlreadyExistsException"/> (field "name") when the name is taken.</summary>
    Task InsertAsync(MailingList list, CancellationToken ct);

    Task<MailingList?> GetAsync(string orgId, string id, CancellationToken ct);

    /// <summary>The organisation's lists ordered by name.</summary>
    Task<IReadOnlyList<MailingList>> ListAsync(string orgId, CancellationToken ct);

    /// <summary>False when the list does not exist; <see cref="Errors.AlreadyExistsException"/> when the name is taken.</summary>
    Task<bool> RenameAsync(string orgId, string id, string name, DateTimeOffset at, CancellationToken ct);

    /// <summary>Deletes the list and its subscriptions, never the records. False when it does not exist.</summary>
    Task<bool> DeleteAsync(string orgId, string id, CancellationToken ct);
}
