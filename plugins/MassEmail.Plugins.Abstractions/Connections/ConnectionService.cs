using System.Text.Json;
using MassEmail.Core;
using MassEmail.Core.Connections;
using MassEmail.Core.Errors;
using MassEmail.Core.Secrets;
using MassEmail.Core.Syncs;
using MassEmail.Core.Templates;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Logging;

namespace MassEmail.Plugins.Abstractions;

/// <summary>
/// Use cases of campaign-tool connections: create (checked by the vendor's plugin, credentials encrypted with the
/// <see cref="ISecretProtector"/> under a purpose bound to the connection's id), get, list, delete, test against the
/// vendor, list the vendor's lists. Every call needs <see cref="Permission.PluginsAdmin"/>; another organisation's
/// connections are not found. Credentials never leave: not in a result, not in a log line, not in an error.
/// </summary>
public sealed class ConnectionService(
    IConnectionStore connections, ISyncDefinitionStore syncs, IEnumerable<ICampaignToolPlugin> plugins, ISecretProtector protector, TimeProvider time, ILogger<ConnectionService> logger)
{
    private const string Resource = "connection";
    private readonly Dictionary<string, ICampaignToolPlugin> byVendor = plugins.ToDictionary(p => p.Vendor, StringComparer.Ordinal);

    /// <summary>The vendors a connection may name.</summary>
    public IReadOnlyCollection<string> Vendors => byVendor.Keys;

    public async Task<Connection> CreateAsync(Caller caller, ConnectionDraft draft, CancellationToken ct)
    {
        caller.Require(Permission.PluginsAdmin);
        var violations = new List<FieldViolation>();
        TemplateValidator.CheckName(draft.Name, "name", violations);
        if (!byVendor.TryGetValue(draft.Vendor, out var plugin))
        {
            violations.Add(new FieldViolation("vendor", $"must be one of {string.Join(", ", byVendor.Keys.Order(StringComparer.Ordinal))}"));
            throw new ValidationException(violations);
        }

        var check = plugin.CheckConnection(draft.DataCentre ?? "", draft.Credentials);
        violations.AddRange(check.Violations);
        if (violations.Count > 0)
        {
            throw new ValidationException(violations);
        }

        var id = Ids.New(time);
        var names = draft.Credentials.Where(c => c.Value.Length > 0).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        var secrets = JsonSerializer.Serialize(draft.Credentials.Where(c => c.Value.Length > 0).ToDictionary(c => c.Key, c => c.Value));
        var connection = new Connection(id, caller.OrgId, plugin.Vendor, draft.Name.Trim(), check.DataCentre, protector.Protect(Purpose(id), secrets),
            names, caller.UserId, time.GetUtcNowMs(), 1);
        await connections.InsertAsync(connection, ct);
        logger.LogInformation("Connection {ConnectionId} to {Vendor} ({DataCentre}) created in organisation {OrgId}", id, plugin.Vendor, check.DataCentre, caller.OrgId);
        return connection;
    }

    public async Task<Connection> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.PluginsAdmin);
        return await connections.GetAsync(caller.OrgId, id, ct) ?? throw new NotFoundException(Resource, id);
    }

    public async Task<IReadOnlyList<Connection>> ListAsync(Caller caller, CancellationToken ct)
    {
        caller.Require(Permission.PluginsAdmin);
        return await connections.ListAsync(caller.OrgId, ct);
    }

    /// <summary>
    /// Refused (FAILED_PRECONDITION <c>CONNECTION_IN_USE</c>, naming them) while the connection has sync definitions:
    /// delete those first. A definition created while the connection is being deleted is deleted with it.
    /// </summary>
    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        caller.Require(Permission.PluginsAdmin);
        var inUse = await syncs.ListAsync(caller.OrgId, id, ct);
        if (inUse.Count > 0)
        {
            var named = string.Join(", ", inUse.Take(10).Select(d => $"{InputText.Quote(d.Name)} ({d.Id})"));
            throw new PreconditionFailedException("CONNECTION_IN_USE", Resource,
                $"Connection {id} has {inUse.Count} sync definition(s): {named}{(inUse.Count > 10 ? ", …" : "")}. Delete them first.");
        }

        if (!await connections.DeleteAsync(caller.OrgId, id, ct))
        {
            throw new NotFoundException(Resource, id);
        }

        // A definition inserted between the check and the delete would be left without its connection.
        await syncs.DeleteForConnectionAsync(caller.OrgId, id, ct);

        logger.LogInformation("Connection {ConnectionId} deleted in organisation {OrgId}", id, caller.OrgId);
    }

    /// <summary>The connection, without the permission check: for use cases that made it already.</summary>
    public Task<Connection?> FindAsync(string orgId, string id, CancellationToken ct) => connections.GetAsync(orgId, id, ct);

    /// <summary>The vendor's default field mapping (email, first and last name); empty when its plugin is not installed.</summary>
    public IReadOnlyList<SyncFieldMapping> DefaultFields(string vendor) => byVendor.TryGetValue(vendor, out var plugin) ? plugin.DefaultFields : [];

    /// <summary>Lists the vendor's lists through the connection: ok, or the vendor's error in words (never an RPC error).</summary>
    public async Task<ConnectionTestResult> TestAsync(Caller caller, string id, CancellationToken ct)
    {
        var (plugin, connection) = await OpenAsync(caller, id, ct);
        try
        {
            var lists = await plugin.ListRemoteListsAsync(connection, ct);
            return new ConnectionTestResult(true, $"connected: {lists.Count} list(s)", lists.Count);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not DomainException)
        {
            var detail = Words(e);
            logger.LogWarning("Testing connection {ConnectionId} to {Vendor} failed: {Detail}", id, plugin.Vendor, detail);
            return new ConnectionTestResult(false, detail, 0);
        }
    }

    /// <summary>The vendor's lists; FAILED_PRECONDITION <c>VENDOR_ERROR</c> with the vendor's words when it refuses.</summary>
    public async Task<IReadOnlyList<RemoteList>> ListRemoteListsAsync(Caller caller, string id, CancellationToken ct)
    {
        var (plugin, connection) = await OpenAsync(caller, id, ct);
        try
        {
            return await plugin.ListRemoteListsAsync(connection, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not DomainException)
        {
            var detail = Words(e);
            logger.LogWarning("Listing the lists of connection {ConnectionId} at {Vendor} failed: {Detail}", id, plugin.Vendor, detail);
            throw new PreconditionFailedException("VENDOR_ERROR", Resource, $"The vendor did not list its lists: {detail}");
        }
    }

    /// <summary>The connection with its decrypted credentials, for the plugin (and the workers) to act with.</summary>
    public async Task<(ICampaignToolPlugin Plugin, PluginConnection Connection)> OpenAsync(Caller caller, string id, CancellationToken ct)
    {
        var connection = await GetAsync(caller, id, ct);
        return Open(connection) ?? throw new PreconditionFailedException("VENDOR_UNAVAILABLE", Resource, $"No plugin for vendor {connection.Vendor} is installed.");
    }

    /// <summary>
    /// The stored connection with its decrypted credentials, without a caller: for the background workers (which act for
    /// the organisation) and the public webhook endpoint (which found it by its id); null when no plugin of its vendor is
    /// installed.
    /// </summary>
    public (ICampaignToolPlugin Plugin, PluginConnection Connection)? Open(Connection connection)
    {
        if (!byVendor.TryGetValue(connection.Vendor, out var plugin))
        {
            return null;
        }

        return (plugin, Decrypt(connection));
    }

    private PluginConnection Decrypt(Connection connection)
    {
        var secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(Purpose(connection.Id), connection.ProtectedCredentials))
            ?? throw new SecretUnreadableException(Purpose(connection.Id));
        return new PluginConnection(connection.Id, connection.Vendor, connection.DataCentre, new PluginCredentials(secrets));
    }

    /// <summary>Bound to the connection's id: a ciphertext copied into another connection does not decrypt there.</summary>
    private static string Purpose(string connectionId) => $"plugins.connection-credentials:{connectionId}";

    /// <summary>
    /// The plugins word their own failures (the vendor's code and message); anything else is a transport failure, named
    /// by its kind only (a framework message may quote a request).
    /// </summary>
    private static string Words(Exception e) => e switch
    {
        InvalidOperationException => InputText.Quote(e.Message, FieldViolation.MaxDescriptionLength),
        HttpRequestException or TimeoutException or TaskCanceledException => "the vendor could not be reached",
        _ => $"the vendor could not be reached ({e.GetType().Name})",
    };
}
