using System.Globalization;
using System.Runtime.ExceptionServices;
using MassEmail.Core.Errors;
using MassEmail.Core.Recipients;
using MassEmail.Core.Recipients.Audience;
using MassEmail.Core.Recipients.Lists;
using MassEmail.Core.Sending.Transport;
using MassEmail.Core.Suppressions;
using MassEmail.Core.Templates;
using MassEmail.Core.Templates.Rendering;
using MassEmail.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace MassEmail.Core.Sending.Dispatch;

/// <summary>
/// Sends one claimed batch of a send: re-checks each recipient (opt-out and list unsubscription
/// win up to the last moment), renders, waits for the rate limiter and sends, at most Concurrency rows at a time.
/// Before starting calls for more rows it stores the outcomes so far and raises the batch's in-flight mark over the
/// rows it will start, renewing the lease in the same conditional write (the fence: a worker that lost its batch
/// starts nothing more), so rows whose outcome is not stored never exceed Concurrency and only they can turn UNKNOWN
/// after a crash. Rows never attempted (pause, cancel, shutdown, account paused) stay PENDING and the batch is released.
/// </summary>
public sealed class SendDispatcher(
    IMassSendStore sends,
    IDeliveryStore deliveries,
    IRecordStore records,
    IListSubscriptionStore subscriptions,
    IUserStore users,
    ISuppressionStore suppressions,
    QuotaSettlement settlement,
    SendContexts contexts,
    IMailTransport transport,
    TransportLimiter limiters,
    IOptions<SendingOptions> options,
    TimeProvider time)
{
    /// <summary>Outcomes wait at most this long to be stored while calls are still running.</summary>
    private static readonly TimeSpan StoreInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Processes one batch of the send; returns how many deliveries it held (0: nothing pending).</summary>
    public async Task<int> RunBatchAsync(MassSend send, string worker, CancellationToken ct)
    {
        var batch = await ClaimAsync(send, worker, ct);
        if (batch is not null)
        {
            await RunAsync(send, batch, worker, ct);
        }

        return batch?.Rows.Count ?? 0;
    }

    /// <summary>
    /// Claims the send's next batch for <paramref name="worker"/>, leased for <see cref="SendingOptions.LeaseDuration"/>;
    /// null when it has none, and then a send whose every row has its outcome is completed.
    /// </summary>
    public async Task<DeliveryBatch?> ClaimAsync(MassSend send, string worker, CancellationToken ct)
    {
        var batch = await deliveries.ClaimBatchAsync(send.Id, worker, time.GetUtcNowMs() + options.Value.LeaseDuration, ct);
        if (batch is null)
        {
            await CompleteIfDoneAsync(send, ct);
        }

        return batch;
    }

    /// <summary>
    /// Sends a batch claimed by <see cref="ClaimAsync"/> and stores its outcomes; <paramref name="ct"/> cancelled stops
    /// it cooperatively (no new provider call; outcomes stored, never-attempted rows PENDING, the batch released).
    /// </summary>
    /// <remarks>
    /// A run that fails (a store error, a delivery that failed unexpectedly) puts the reason on the send
    /// (<see cref="MassSend.BatchError"/>, best effort) before it throws; the next batch of the send that is sent clears it.
    /// </remarks>
    public async Task RunAsync(MassSend send, DeliveryBatch batch, string worker, CancellationToken ct)
    {
        MassSend? current = null;
        try
        {
            // A turn planned before a pause or cancel may claim after it: that batch goes back untouched. Read after the
            // claim, so once the settlement of a cancelled send has counted no claimed rows, none of its rows can still leave.
            current = await sends.GetAsync(send.OrgId, send.Id, ct);
            if (current is not { State: SendState.Sending })
            {
                await deliveries.ReleaseAsync(batch, [], time.GetUtcNowMs(), CancellationToken.None);
                return;
            }

            await SendAsync(send, batch, worker, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped before the batch's rows reached the pump (reading the send, its context or its look-ups; the work
            // loop runs a unit it claimed even when the stop came meanwhile): the batch goes back untouched rather than
            // waiting out its lease. Once the pump has released it, this finds it no longer held and changes nothing.
            await deliveries.ReleaseAsync(batch, [], time.GetUtcNowMs(), CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            await BatchFailedAsync(current ?? send, e);
            throw;
        }

        if (current.BatchError.Length > 0)
        {
            await BatchSentAsync(current, ct);
        }
    }

    private async Task SendAsync(MassSend send, DeliveryBatch batch, string worker, CancellationToken ct)
    {
        var o = options.Value;
        var claimed = batch.Rows;
        using var span = SendingTelemetry.StartBatch(send, worker);
        var (_, _, listId, messages) = await contexts.GetAsync(send, ct);
        var limiter = await limiters.GetAsync(ct);
        var lookups = await BatchLookups.LoadAsync(send.OrgId, listId, claimed, records, subscriptions, users, suppressions, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        string? pauseReason = null;

        async Task<DeliveryOutcome?> ProcessAsync(Delivery delivery)
        {
            var (record, skip, detail) = lookups.Check(delivery);
            if (skip != SkipReason.None)
            {
                return new(delivery.Id, DeliveryState.Skipped, skip, 0, "", detail);
            }

            OutgoingMessage message;
            try
            {
                message = await messages.ComposeAsync(record!, lookups.OwnerOf(record!), stop.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (TemplateRenderException e)
            {
                // This recipient's values broke the template (e.g. too long output): only this delivery fails.
                return new(delivery.Id, DeliveryState.Failed, SkipReason.None, delivery.Attempts, "", e.Message);
            }

            var (outcome, paused) = await SendWithRetriesAsync(delivery, message with { To = delivery.Email }, limiter, stop.Token);
            if (paused is not null)
            {
                pauseReason = paused;
                await stop.CancelAsync();
            }

            return outcome;
        }

        var window = new InFlightWindow(claimed, WindowSize(o.Concurrency, limiter.CurrentRate, o.BatchesInFlight));
        var failure = await PumpAsync(batch, window, ProcessAsync, stop, o.LeaseDuration, time.GetTimestamp() + (long)(o.BatchTurn.TotalSeconds * time.TimestampFrequency));

        // Outcomes are stored even when shutting down: they describe mail that already left. A row without an
        // outcome was never attempted (pause, cancel, shutdown): it stays PENDING and the batch is claimable again.
        await deliveries.ReleaseAsync(batch, window.TakeUnstored(), time.GetUtcNowMs(), CancellationToken.None);
        if (pauseReason is not null)
        {
            await PauseAsync(send, pauseReason, ct);
        }

        failure?.Throw();
    }

    /// <summary>
    /// The in-flight window of a lane's batch turn: <paramref name="concurrency"/>, kept to the lane's part (one of
    /// <paramref name="lanes"/>) of what <paramref name="rate"/> (this process's share, per second) lets leave in a tenth
    /// of a second, at least one. So rows marked in flight are rows about to leave, not rows waiting for the limiter.
    /// </summary>
    public static int WindowSize(int concurrency, int rate, int lanes) =>
        (int)Math.Clamp(Math.Ceiling(rate / (10.0 * Math.Max(1, lanes))), 1, Math.Max(1, concurrency));

    /// <summary>
    /// Runs the rows through <paramref name="process"/> inside the window, checkpointing outcomes, mark and lease, until
    /// every row has run or the turn ends at <paramref name="turnEnds"/> (a timestamp): then no row starts any more and
    /// the rest stays PENDING for the next claim. Returns the first unexpected failure of a row (stored UNKNOWN: its
    /// call may have started), if any.
    /// </summary>
    private async Task<ExceptionDispatchInfo?> PumpAsync(
        DeliveryBatch batch, InFlightWindow window, Func<Delivery, Task<DeliveryOutcome?>> process, CancellationTokenSource stop, TimeSpan lease, long turnEnds)
    {
        ExceptionDispatchInfo? failure = null;
        var running = new Dictionary<Task<DeliveryOutcome?>, Delivery>();
        var lost = false;
        var lastStored = time.GetTimestamp();
        while (true)
        {
            var canStart = !lost && !stop.IsCancellationRequested && window.HasUnstarted && time.GetTimestamp() < turnEnds;
            var elapsed = time.GetElapsedTime(lastStored);
            var extend = canStart && window.NextNeedsMark && window.FreeSlots(running.Count) is var free
                && (free >= window.StoreEvery || running.Count == 0);
            if (extend || (window.UnstoredCount > 0 && elapsed >= StoreInterval) || elapsed >= lease / 3)
            {
                var upTo = extend ? window.MarkNext(running.Count) : null;
                lost |= !await deliveries.CheckpointAsync(batch, window.TakeUnstored(), upTo, time.GetUtcNowMs(), time.GetUtcNowMs() + lease, CancellationToken.None);
                lastStored = time.GetTimestamp();
                continue;
            }

            while (canStart && window.TryStart(out var delivery))
            {
                running[process(delivery)] = delivery;
                canStart = !stop.IsCancellationRequested;
            }

            if (running.Count == 0)
            {
                if (canStart)
                {
                    continue;
                }

                return failure;
            }

            using (var wake = new CancellationTokenSource())
            {
                var delay = Task.Delay(window.UnstoredCount > 0 ? StoreInterval : lease / 3, time, wake.Token);
                await Task.WhenAny(Task.WhenAny(running.Keys), delay);
                await wake.CancelAsync();
            }

            foreach (var done in running.Keys.Where(t => t.IsCompleted).ToList())
            {
                var delivery = running[done];
                running.Remove(done);
                if (done.IsCompletedSuccessfully)
                {
                    window.Completed(done.Result);
                    SendingTelemetry.Completed([done.Result]);
                    continue;
                }

                // An unexpected failure: the call may have started, so the row is UNKNOWN, never sent again by itself.
                var error = done.Exception?.GetBaseException() ?? new OperationCanceledException("the delivery was cancelled unexpectedly");
                failure ??= ExceptionDispatchInfo.Capture(error);
                DeliveryOutcome unknown = new(delivery.Id, DeliveryState.Unknown, SkipReason.None, delivery.Attempts, "", error.Message);
                window.Completed(unknown);
                SendingTelemetry.Completed([unknown]);
                await stop.CancelAsync();
            }
        }
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

    /// <summary>Keeps why this batch failed on the send (no state change); best effort, since the store that failed may refuse it too.</summary>
    private async Task BatchFailedAsync(MassSend send, Exception error)
    {
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"Sending a batch failed at {time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC; its unsent rows are tried again within {options.Value.LeaseDuration.TotalSeconds:0} s: {InputText.Quote(error.Message, 200)}");
        try
        {
            await sends.ChangeAsync(send, send.OrgId, send.Id, current => current.IsFinal ? null : current.BatchFailed(reason), 3, CancellationToken.None);
        }
        catch (Exception)
        {
            // The work loop logs and counts the batch's own error, which is what matters here.
        }
    }

    /// <summary>A batch of the send was sent: a reason an earlier batch left on it goes.</summary>
    private Task BatchSentAsync(MassSend send, CancellationToken ct) =>
        sends.ChangeAsync(send, send.OrgId, send.Id, current => current.BatchError.Length > 0 ? current.BatchSent() : null, 3, ct);

    private Task PauseAsync(MassSend send, string reason, CancellationToken ct) =>
        sends.ChangeAsync(null, send.OrgId, send.Id, current => current.State == SendState.Sending ? current.Pause(reason, time.GetUtcNowMs()) : null, 5, ct);

    private async Task CompleteIfDoneAsync(MassSend send, CancellationToken ct)
    {
        // The send's own fields first: while its snapshot runs, an idle lane finds nothing to claim on every round,
        // and reading the counts then would be a store read for nothing.
        if (send.State != SendState.Sending || !send.SnapshotComplete)
        {
            return;
        }

        var counts = await deliveries.CountAsync(send.OrgId, send.Id, ct);
        if (!counts.IsDone || await deliveries.HasOpenBatchesAsync(send.Id, ct))
        {
            return;
        }

        // Completed first, then settled (a crash in between leaves it to the settlement pass).
        var completed = send.Complete(time.GetUtcNowMs());
        if (await sends.ReplaceAsync(completed, send.Version, ct) == WriteOutcome.Done)
        {
            await settlement.SettleAsync(completed, ct);
        }
    }
}
