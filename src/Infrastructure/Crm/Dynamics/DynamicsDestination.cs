using System.Net.Http.Headers;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.Dynamics;

/// <summary>
/// Writes each contact to a Dataverse table (leads by default) by its alternate key, then adds a task
/// to the record saying which program step sent it. Every call waits for the destination's
/// <see cref="RateGovernor"/>, carries a token shared by all jobs, and a 429 holds back every call of
/// the destination for the whole Retry-After.
/// </summary>
public sealed class DynamicsDestination(DataverseTable table, DynamicsTokens tokens, RateGovernor governor,
    IHttpClientFactory httpClients, TimeProvider clock) : OneByOneDestination
{
    // One contact per call, no $batch. Its budget of 6,000 requests per 5 minutes is far above Act-On's
    // step traffic; a batch answers in one multipart body whose parts each need their own error handling;
    // and one throttled or timed-out batch would hold back every contact in it.
    protected override async Task<SyncOutcome> DeliverOneAsync(SyncDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            var (record, failure) = await WriteRecordAsync(delivery, cancellationToken);
            if (record is null)
                return failure!;
            var task = await SendAsync(() => table.CreateTask(delivery, record.Id), cancellationToken);
            // 412: this job's task exists already, made by an attempt whose answer was lost.
            if (!task.IsSuccess && task.Status != 412)
                return Failed(task);
            return SyncOutcome.Success(table.EntityName, record.Id.ToString(), record.Created, record.Status);
        }
        catch (TokenUnavailableException ex)
        {
            return ex.Outcome;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return SyncOutcome.Transient($"Dataverse could not be reached: {ex.Message}");
        }
    }

    /// <summary>
    /// Creates or updates the record, knowing which it did. A plain upsert answers 204 either way (and
    /// 200 either way with <c>Prefer: return=representation</c>), so it is two conditional writes
    /// instead: create-only (<c>If-None-Match: *</c>, 412 when the record exists) and update-only
    /// (<c>If-Match: *</c>, 404 when it does not). The likelier one goes first: update when this
    /// contact was synced to this destination before, else create; an update costs one call then.
    /// </summary>
    private async Task<(WrittenRecord? Record, SyncOutcome? Failure)> WriteRecordAsync(SyncDelivery delivery, CancellationToken cancellationToken)
    {
        var condition = delivery.ExistingLink is null ? WriteCondition.CreateOnly : WriteCondition.UpdateOnly;
        var answer = await SendAsync(() => table.Write(delivery.Record, condition), cancellationToken);
        if (!answer.IsSuccess && answer.Status == condition.RefusedStatus)
        {
            condition = condition.Other;
            answer = await SendAsync(() => table.Write(delivery.Record, condition), cancellationToken);
            if (answer.Status == condition.RefusedStatus)
                return (null, SyncOutcome.Conflict(
                    $"The {table.Describe(delivery.Record)} was {(condition.Creates ? "created" : "deleted")} in Dynamics between our two " +
                    $"conditional writes, so neither applied. Replay the job once that is settled. {answer.Describe()}",
                    answer.Status));
        }
        if (!answer.IsSuccess)
            return (null, Failed(answer));
        return answer.RecordId is { } id
            ? (new WrittenRecord(id, condition.Creates, answer.Status), null)
            : (null, SyncOutcome.Permanent(
                $"Dataverse wrote the {table.Describe(delivery.Record)} but named no record id in OData-EntityId ('{answer.EntityId}').", answer.Status));
    }

    /// <summary>One call with the current token; a 401 renews the token once and repeats the call.</summary>
    /// <param name="compose">A request is sent once, so a repeat needs a new one.</param>
    private async Task<DataverseAnswer> SendAsync(Func<HttpRequestMessage> compose, CancellationToken cancellationToken)
    {
        var token = await tokens.CurrentAsync(cancellationToken);
        var answer = await SendOnceAsync(compose(), token, cancellationToken);
        return answer.Status == 401
            ? await SendOnceAsync(compose(), await tokens.RenewAsync(token, cancellationToken), cancellationToken)
            : answer;
    }

    private async Task<DataverseAnswer> SendOnceAsync(HttpRequestMessage request, string token, CancellationToken cancellationToken)
    {
        using (request)
        using (await governor.AcquireAsync(cancellationToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await httpClients.CreateClient(CrmHttp.ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var answer = await DataverseAnswer.ReadAsync(response, cancellationToken);
            // Dataverse extends the wait of a user that keeps calling: no call of this destination until it is over.
            if (answer is { Status: 429, RetryAfter: { } wait })
                governor.PauseUntil(clock.GetUtcNow() + wait);
            return answer;
        }
    }

    private static SyncOutcome Failed(DataverseAnswer answer) => answer.Status switch
    {
        429 => SyncOutcome.Throttled(answer.RetryAfter, answer.Status, answer.Describe()),
        401 => SyncOutcome.AuthExpired(
            $"Dataverse refused a newly issued token as well: check that the app registration has an application user with a security role in the environment. {answer.Describe()}",
            answer.Status),
        409 or 412 => SyncOutcome.Conflict(answer.Describe(), answer.Status),
        408 or >= 500 => SyncOutcome.Transient(answer.Describe(), answer.Status),
        _ => SyncOutcome.Permanent(answer.Describe(), answer.Status),
    };

    private sealed record WrittenRecord(Guid Id, bool Created, int Status);
}
