using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MassEmail.Plugins.Mailchimp;

/// <summary>
/// Mailchimp allows 10 simultaneous connections per account and answers 429 (at volume a bare 403) beyond, without
/// rate headers: this process never has more than <see cref="MailchimpOptions.MaxConnections"/> requests in flight per
/// connection. (Several service instances on one account each keep their own count: a store-backed lease is to come.)
/// </summary>
internal sealed class MailchimpConnections(IOptions<MailchimpOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> slots = new(StringComparer.Ordinal);

    public async Task<T> RunAsync<T>(string connectionId, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var slot = slots.GetOrAdd(connectionId, _ => new SemaphoreSlim(options.Value.MaxConnections, options.Value.MaxConnections));
        await slot.WaitAsync(cancellationToken);
        try
        {
            return await call();
        }
        finally
        {
            slot.Release();
        }
    }
}
