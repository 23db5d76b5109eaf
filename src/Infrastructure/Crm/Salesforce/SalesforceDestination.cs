using System.Text.Json.Nodes;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.Salesforce;

/// <summary>
/// Upserts each contact as a Lead or Contact keyed on an external id field (never a blind create:
/// a retried delivery updates the record it made before), then logs a completed Task on it for the
/// program step. One delivery takes one call of each; a batch goes through sObject Collections, up
/// to 200 records a call, each record written or refused on its own.
/// </summary>
public sealed class SalesforceDestination : ICrmDestination
{
    private readonly SalesforceApi _api;
    private readonly string _objectType;
    private readonly string _externalIdField;

    internal SalesforceDestination(SalesforceApi api, string objectType, string externalIdField)
    {
        _api = api;
        _objectType = objectType;
        _externalIdField = externalIdField;
    }

    public int MaxBatchSize => SalesforceDestinationType.MaxRecordsPerCall;

    public async Task<IReadOnlyList<SyncOutcome>> DeliverAsync(IReadOnlyList<SyncDelivery> deliveries, CancellationToken cancellationToken)
    {
        var outcomes = new SyncOutcome?[deliveries.Count];
        var written = new WrittenRecord?[deliveries.Count];
        foreach (var round in Rounds(deliveries))
        {
            // Salesforce is unavailable to us (throttled, down, no token): the rest of the batch waits with these.
            if (await UpsertAsync(deliveries, round, written, outcomes, cancellationToken) is { } unavailable)
                return [.. outcomes.Select(o => o ?? unavailable)];
        }
        await LogTasksAsync(deliveries, written, outcomes, cancellationToken);
        return [.. outcomes.Select(o => o!)];
    }

    /// <summary>
    /// Salesforce refuses every record of a request whose external id is in it twice
    /// (DUPLICATE_VALUE), so a contact that is twice in a batch is upserted once a request, in the
    /// order its steps ran: it ends with the fields of the latest. Keys are compared ignoring case,
    /// as an external id field may be case-insensitive.
    /// </summary>
    private static IEnumerable<int[]> Rounds(IReadOnlyList<SyncDelivery> deliveries) =>
        Enumerable.Range(0, deliveries.Count)
            .GroupBy(i => deliveries[i].Record.KeyValue, StringComparer.OrdinalIgnoreCase)
            .SelectMany(sameKey => sameKey.OrderBy(i => deliveries[i].Activity.OccurredAt).Select((index, occurrence) => (occurrence, index)))
            .GroupBy(d => d.occurrence)
            .OrderBy(round => round.Key)
            .Select(round => round.Select(d => d.index).Order().ToArray());

    /// <returns>The outcome for the rest of the batch when Salesforce could not be used at all, else null.</returns>
    private async Task<SyncOutcome?> UpsertAsync(IReadOnlyList<SyncDelivery> deliveries, int[] round, WrittenRecord?[] written,
        SyncOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        var reply = round.Length == 1
            ? await _api.SendAsync(HttpMethod.Patch,
                $"sobjects/{_objectType}/{_externalIdField}/{Uri.EscapeDataString(deliveries[round[0]].Record.KeyValue)}",
                Fields(deliveries[round[0]]), cancellationToken)
            : await _api.SendAsync(HttpMethod.Patch, $"composite/sobjects/{_objectType}/{_externalIdField}",
                SalesforceJson.Collection(round.Select(i => Keyed(deliveries[i]))), cancellationToken);
        var results = Results(reply, round.Length);
        for (var i = 0; i < round.Length; i++)
        {
            if (results[i].Saved is { } saved)
                written[round[i]] = new WrittenRecord(saved.Id!, saved.Created, reply.Status);
            else
                outcomes[round[i]] = results[i].Failure;
        }
        return reply.Failure is { Class: OutcomeClass.Throttled or OutcomeClass.Transient or OutcomeClass.AuthExpired } unavailable
            ? unavailable
            : null;
    }

    /// <summary>
    /// A delivery is done once its Task is logged: when the Task fails, the whole delivery is tried
    /// again, and the upsert makes no second record.
    /// </summary>
    private async Task LogTasksAsync(IReadOnlyList<SyncDelivery> deliveries, WrittenRecord?[] written, SyncOutcome?[] outcomes,
        CancellationToken cancellationToken)
    {
        var upserted = Enumerable.Range(0, deliveries.Count).Where(i => written[i] is not null).ToArray();
        if (upserted.Length == 0)
            return;
        var tasks = upserted.Select(i => SalesforceJson.Task(written[i]!.Id, deliveries[i].Activity)).ToList();
        var reply = tasks.Count == 1
            ? await _api.SendAsync(HttpMethod.Post, "sobjects/Task", tasks[0], cancellationToken)
            : await _api.SendAsync(HttpMethod.Post, "composite/sobjects",
                SalesforceJson.Collection(tasks.Select(task => SalesforceJson.Typed("Task", task))), cancellationToken);
        var results = Results(reply, upserted.Length);
        for (var i = 0; i < upserted.Length; i++)
        {
            var record = written[upserted[i]]!;
            outcomes[upserted[i]] = results[i].Failure is { } failure
                ? failure with { Message = $"The {_objectType} {record.Id} was upserted, but its Task was not created: {failure.Message}" }
                : SyncOutcome.Success(_objectType, record.Id, record.Created, record.HttpStatus);
        }
    }

    /// <summary>One result per record sent, in order: what Salesforce saved, or why not.</summary>
    private static IReadOnlyList<RecordResult> Results(SalesforceReply reply, int count)
    {
        if (reply.Failure is { } failure)
            return [.. Enumerable.Repeat(new RecordResult(null, failure), count)];
        var results = count == 1
            ? SalesforceJson.Read<SalesforceSaveResult>(reply.Body) is { } one ? [one] : null
            : SalesforceJson.Read<List<SalesforceSaveResult>>(reply.Body);
        if (results is null || results.Count != count)
        {
            // Written or not, there is no telling: trying again is safe, an upsert makes no second record.
            var unreadable = SyncOutcome.Transient(
                $"Salesforce answered HTTP {reply.Status} without a result for each record: {SalesforceJson.Cut(reply.Body, SalesforceApi.MaxQuotedChars)}",
                reply.Status);
            return [.. Enumerable.Repeat(new RecordResult(null, unreadable), count)];
        }
        return [.. results.Select(r => r is { Success: true, Id.Length: > 0 } ? new RecordResult(r, null) : new RecordResult(null, Refused(r, reply.Status)))];
    }

    /// <summary>A record refused inside an answer that was itself a success.</summary>
    private static SyncOutcome Refused(SalesforceSaveResult result, int status)
    {
        var errors = result.Errors ?? [];
        var words = errors.Count > 0 ? SalesforceJson.Describe(errors) : "Salesforce refused the record without saying why.";
        // Several records have the external id: the sObject Collections form of the single upsert's 300.
        if (errors.Any(e => e.Code == "DUPLICATE_EXTERNAL_ID"))
            return SyncOutcome.Conflict(words, status);
        // Another write held the record (or its parent) at that moment.
        if (errors.Any(e => e.Code == "UNABLE_TO_LOCK_ROW"))
            return SyncOutcome.Transient(words, status);
        return SyncOutcome.Permanent(words, status);
    }

    /// <summary>
    /// The mapped fields, named as Salesforce names them. The record is keyed on the upsert key's
    /// value: in the URL for one record, so the external id field must not be in the body.
    /// </summary>
    private JsonObject Fields(SyncDelivery delivery) =>
        SalesforceJson.Fields(delivery.Record.Fields.Where(f => f.Key != _externalIdField));

    /// <summary>A record of a collection upsert, which carries its external id among its fields.</summary>
    private JsonObject Keyed(SyncDelivery delivery)
    {
        var record = SalesforceJson.Typed(_objectType, Fields(delivery));
        record[_externalIdField] = delivery.Record.KeyValue;
        return record;
    }

    /// <param name="HttpStatus">The status of the upsert: 201 created, 200 updated (or the collection's 200).</param>
    private sealed record WrittenRecord(string Id, bool Created, int HttpStatus);

    private sealed record RecordResult(SalesforceSaveResult? Saved, SyncOutcome? Failure);
}
