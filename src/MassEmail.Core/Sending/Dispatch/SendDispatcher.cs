using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// Sends one claimed batch of a send: re-checks each recipient (opt-out and list unsubscription
/// win up to the last moment), renders, waits for the rate limiter, sends, and stores the
/// outcomes of the batch at once. Rows never attempted (pause, cancel, account paused) go back to PENDING.
/// </summary>
public sealed class SendDispatcher(
    IMassSendStore sends,
    IDeliveryStore deliveries,
    IRecordStore records,
    IListSubscriptionStore subscriptions,
    IOrganisationStore organisations,
    IUserStore users,
    IQuotaStore quotas,
    TemplateCompiler compiler,
    MessageComposer composer,
    IMailTransport transport,
    TransportLimiter limiters,
    IOptions<SendingOptions> options,
    TimeProvider time)
{
    /// <summary>Processes one batch of the send; returns how many deliveries were claimed (0: nothing pending).</summary>
    public async Task<int> RunBatchAsync(MassSend send, string worker, CancellationToken ct)
    {
        var o = options.Value;
        var claimed = await deliveries.ClaimAsync(send.Id, worker, o.BatchSize, time.GetUtcNowMs() + o.LeaseDuration, ct);
        if (claimed.Count == 0)
        {
            await CompleteIfDoneAsync(send, ct);
            return 0;
        }

        using var span = SendingTelemetry.StartBatch(send, worker);
        var org = await organisations.GetAsync(send.OrgId, ct) ?? throw new InvalidOperationException($"organisation {send.OrgId} vanished");
        var content = SendContent.FromJson(send.ContentJson);
        var messages = composer.For(send, content, compiler.GetOrCompile($"send:{send.Id}", content.Template), org);
        var listId = AudienceJson.Deserialize(send.AudienceJson) is ListAudience l ? l.ListId : null;
        var limiter = await limiters.GetAsync(ct);
        var lookups = await BatchLookups.LoadAsync(send.OrgId, listId, claimed, records, subscriptions, users, ct);
        var results = new DeliveryOutcome?[claimed.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        string? pauseReason = null;

        await Parallel.ForAsync(0, claimed.Count, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = CancellationToken.None }, async (i, _) =>
        {
            var delivery = claimed[i];
            if (stop.IsCancellationRequested)
            {
                return;
            }

            var (record, skip, detail) = lookups.Check(delivery);
            if (skip != SkipReason.None)
            {
                results[i] = new(delivery.Id, DeliveryState.Skipped, skip, 0, "", detail);
                return;
            }

            OutgoingMessage message;
            try
            {
                message = await messages.ComposeAsync(record!, lookups.OwnerOf(record!), stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (TemplateRenderException e)
            {
                // This recipient's values broke the template (e.g. too long output): only this delivery fails.
                results[i] = new(delivery.Id, DeliveryState.Failed, SkipReason.None, delivery.Attempts, "", e.Message);
                return;
            }

            var (outcome, paused) = await SendWithRetriesAsync(delivery, message with { To = delivery.Email }, limiter, stop.Token);
            if (paused is not null)
            {
                pauseReason = paused;
                await stop.CancelAsync();
            }

            results[i] = outcome;
        });

        // Outcomes are stored even when shutting down: they describe mail that already left.
        // A row without an outcome was never attempted (pause, cancel, shutdown): it goes back to PENDING.
        await deliveries.CompleteAsync(send.Id, worker, [.. results.OfType<DeliveryOutcome>()], time.GetUtcNowMs(), CancellationToken.None);
        SendingTelemetry.Completed(results);
        List<string> untouched = [.. claimed.Where((_, i) => results[i] is null).Select(d => d.Id)];
        if (untouched.Count > 0)
        {
            await deliveries.ReleaseAsync(send.Id, worker, untouched, CancellationToken.None);
        }

        if (pauseReason is not null)
        {
            await PauseAsync(send, pauseReason, ct);
        }

        return claimed.Count;
    }

    /// <summary>One delivery with retries for throttling and transient errors; null outcome = not attempted (goes back to PENDING).</summary>
    private async Task<(DeliveryOutcome? Outcome, string? PauseReason)> SendWithRetriesAsync(
        Delivery delivery, OutgoingMessage message, SendRateLimiter limiter, CancellationToken stop)
    {
        var o = options.Value;
        SendResult? last = null;
        for (var attempt = 1; attempt <= o.MaxAttempts; attempt++)
        {
            try
            {
                await limiter.AcquireAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return (null, null);
            }

            last = await transport.SendAsync(message, CancellationToken.None);
            switch (last.Status)
            {
                case SendStatus.Sent:
                    return (Outcome(DeliveryState.Sent, attempt, last.MessageId ?? "", ""), null);
                case SendStatus.Rejected:
                    return (Outcome(DeliveryState.Failed, attempt, "", last.Error ?? "rejected"), null);
                case SendStatus.Unknown:
                    return (Outcome(DeliveryState.Unknown, attempt, "", last.Error ?? "no answer from the provider"), null);
                case SendStatus.AccountPaused:
                    return (null, last.Error ?? "the provider paused the account");
                case SendStatus.QuotaExhausted:
                    return (null, ProviderQuotaResumer.PauseReason(last.Error));
                case SendStatus.Throttled:
                    limiter.Throttled();
                    break;
            }

            // Throttled or transient: exponential back-off with full jitter.
            var backoff = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100 * (1 << Math.Min(attempt, 6))));
            try
            {
                await Task.Delay(backoff, time, stop);
            }
            catch (OperationCanceledException)
            {
                // Interrupted (shutdown, pause, cancel, the account paused on another row): the provider refused every
                // attempt so far, so nothing left. No outcome: the row goes back to PENDING and is sent on resume or restart.
                return (null, null);
            }
        }

        return (Outcome(DeliveryState.Failed, o.MaxAttempts, "", $"gave up after {o.MaxAttempts} attempts: {last?.Error}"), null);

        DeliveryOutcome Outcome(DeliveryState state, int attempts, string messageId, string error) =>
            new(delivery.Id, state, SkipReason.None, delivery.Attempts + attempts, messageId, error);
    }

    private async Task PauseAsync(MassSend send, string reason, CancellationToken ct)
    {
        for (var i = 0; i < 5; i++)
        {
            var current = await sends.GetAsync(send.OrgId, send.Id, ct);
            if (current is null || current.State != SendState.Sending)
            {
                return;
            }

            if (await sends.ReplaceAsync(current.Pause(reason, time.GetUtcNowMs()), current.Version, ct) == WriteOutcome.Done)
            {
                return;
            }
        }
    }

    private async Task CompleteIfDoneAsync(MassSend send, CancellationToken ct)
    {
        var counts = await deliveries.CountAsync(send.OrgId, send.Id, ct);
        if (!counts.IsDone || send.State != SendState.Sending || !send.SnapshotComplete)
        {
            return;
        }

        if (await sends.ReplaceAsync(send.Complete(time.GetUtcNowMs()), send.Version, ct) == WriteOutcome.Done)
        {
            // Quota counts mail that may have left: sent and unknown. Give back the rest of the reservation.
            var unused = send.Reserved - counts.Sent - counts.Unknown;
            if (unused > 0)
            {
                await quotas.ReleaseAsync(send.OrgId, QuotaPolicy.BulkCounter, send.QuotaDay, unused, ct);
            }
        }
    }
}
