namespace MassEmail.Plugins.Abstractions;

/// <summary>A vendor's documented limits, for the worker to size its batches and for the UI to explain waits.</summary>
/// <param name="MaxChangesPerBatch">How many changes one <see cref="ICampaignToolPlugin.ApplyAsync"/> call should carry.</param>
/// <param name="MaxMembersPerCall">The most contacts one vendor call takes (Zoho bulk: 10, Mailchimp batch: 500).</param>
/// <param name="MaxSimultaneousConnections">Concurrent requests per account (null: not documented).</param>
/// <param name="Endpoints">Each endpoint's own windows and lock.</param>
public sealed record VendorLimits(
    int MaxChangesPerBatch, int MaxMembersPerCall, int? MaxSimultaneousConnections, IReadOnlyList<EndpointLimit> Endpoints);
