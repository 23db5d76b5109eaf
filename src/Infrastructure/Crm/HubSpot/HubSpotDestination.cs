using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.HubSpot;

/// <summary>
/// Delivers a batch in two calls: one upsert of its contacts by the mapping's upsert key
/// (normally email), then one note per step execution on its contact.
/// <para>
/// The upsert is idempotent, so any failure after it is retried whole. Notes are not: a note is
/// created again only when HubSpot created it but its answer was lost (a timeout, a dropped
/// connection), and the retry then leaves a duplicate note on the contact. That is rare and
/// visible; ruling it out would cost a search call per batch.
/// </para>
/// </summary>
public sealed class HubSpotDestination : ICrmDestination
{
    public const string ObjectType = "contact";

    internal const string UpsertContactsPath = "crm/v3/objects/contacts/batch/upsert";
    internal const string CreateNotesPath = "crm/v3/objects/notes/batch/create";

    private const int NoteRetriesWhenThrottled = 3;
    private static readonly TimeSpan LongestThrottleWaitedOut = TimeSpan.FromSeconds(10);

    private readonly HubSpotApi _api;

    internal HubSpotDestination(HubSpotApi api) => _api = api;

    /// <summary>HubSpot's limit per batch call, for contacts and notes alike.</summary>
    public int MaxBatchSize => 100;

    public async Task<IReadOnlyList<SyncOutcome>> DeliverAsync(IReadOnlyList<SyncDelivery> deliveries, CancellationToken cancellationToken)
    {
        // HubSpot rejects a batch naming a contact twice: the step executions of one contact make
        // one input, the later values winning. HubSpot compares emails regardless of case.
        var contacts = deliveries
            .GroupBy(d => d.Record.KeyValue, StringComparer.OrdinalIgnoreCase)
            .Select(g => new HubSpotUpsertInput(g.Key, g.First().Record.KeyProperty,
                g.SelectMany(d => d.Record.Fields).GroupBy(f => f.Key).ToDictionary(f => f.Key, f => f.Last().Value)))
            .ToList();
        var upserted = await UpsertAsync(contacts, cancellationToken);

        var outcomes = new SyncOutcome[deliveries.Count];
        var written = new List<int>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < deliveries.Count; i++)
        {
            var contact = upserted[deliveries[i].Record.KeyValue];
            // Only the first step execution of a contact created it; the others updated it.
            outcomes[i] = seen.Add(deliveries[i].Record.KeyValue) ? contact : contact with { Created = false };
            if (contact.Class == OutcomeClass.Success)
                written.Add(i);
        }
        await AddNotesAsync(deliveries, written, outcomes, cancellationToken);
        return outcomes;
    }

    /// <returns>Each contact's outcome, by its key.</returns>
    private async Task<Dictionary<string, SyncOutcome>> UpsertAsync(IReadOnlyList<HubSpotUpsertInput> contacts, CancellationToken cancellationToken)
    {
        var call = await _api.PostAsync(UpsertContactsPath, new HubSpotBatchInput<HubSpotUpsertInput>(contacts), cancellationToken);
        if (call.Failure is { HttpStatus: 400 } && contacts.Count > 1)
        {
            // HubSpot fails a whole batch for one invalid contact (a property it does not have, say).
            // Halves are sent again until the bad one stands alone, named with HubSpot's words, and
            // the others go through. Halving, not one by one: one bad contact among 100 costs about
            // 14 calls, not 100 (the app's whole budget for 10 s).
            var half = contacts.Count / 2;
            var halves = await Task.WhenAll(UpsertAsync(contacts.Take(half).ToList(), cancellationToken),
                UpsertAsync(contacts.Skip(half).ToList(), cancellationToken));
            return halves.SelectMany(outcome => outcome).ToDictionary(StringComparer.OrdinalIgnoreCase);
        }
        return contacts.ToDictionary(c => c.Id, c => call.Failure ?? ContactOutcome(call, c), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A contact's part of a 200 or 207 answer: its result (found by its key), its error, or neither.</summary>
    private static SyncOutcome ContactOutcome(HubSpotCall call, HubSpotUpsertInput contact)
    {
        var answer = call.Answer!;
        if (answer.Result(r => string.Equals(r.Properties?.GetValueOrDefault(contact.IdProperty), contact.Id, StringComparison.OrdinalIgnoreCase)) is { } record)
            return SyncOutcome.Success(ObjectType, record.Id, record.New, call.Status);
        if (answer.ErrorFor(contact.Id) is { } error)
            return SyncOutcome.Permanent($"HubSpot rejected the contact {contact.Id} (HTTP {call.Status}): {error}", call.Status);
        return SyncOutcome.Transient($"HubSpot's answer (HTTP {call.Status}) named neither a result nor an error for the contact {contact.Id}" +
                                     (answer.FirstError is { } first ? $"; it said: {first}" : "."), call.Status);
    }

    /// <summary>One note per written delivery; a delivery whose note failed is retried (contact and note).</summary>
    private async Task AddNotesAsync(IReadOnlyList<SyncDelivery> deliveries, List<int> written, SyncOutcome[] outcomes,
        CancellationToken cancellationToken)
    {
        if (written.Count == 0)
            return;
        var notes = written.Select(i => HubSpotNoteInput.For(deliveries[i], outcomes[i].CrmObjectId!)).ToList();
        var batch = new HubSpotBatchInput<HubSpotNoteInput>(notes);
        var call = await _api.PostAsync(CreateNotesPath, batch, cancellationToken);
        // The contacts are written, so a 429 on their notes is waited out here (the governor holds the
        // call until HubSpot's window has room) rather than returned: the deliveries' retry would spend
        // a call upserting the contacts again, and with the budget saturated that can starve the notes.
        // A long wait (the daily limit) is left to the engine.
        for (var retry = 0; retry < NoteRetriesWhenThrottled
                            && call.Failure is { Class: OutcomeClass.Throttled, RetryAfter: var wait } && wait <= LongestThrottleWaitedOut; retry++)
            call = await _api.PostAsync(CreateNotesPath, batch, cancellationToken);
        for (var n = 0; n < notes.Count; n++)
        {
            var i = written[n];
            var trace = notes[n].ObjectWriteTraceId;
            if (call.Failure is { } failure)
                outcomes[i] = failure.Class == OutcomeClass.Permanent ? NoteFailed(outcomes[i], failure.Message, failure.HttpStatus) : failure;
            // Multi-status: the notes created come back carrying their trace ids.
            else if (call.Status == 207 && call.Answer!.Result(r => r.ObjectWriteTraceId == trace) is null)
                outcomes[i] = NoteFailed(outcomes[i], call.Answer.ErrorFor(trace) ?? call.Answer.FirstError, call.Status);
        }
    }

    // Never permanent: the contact is written, so a retry is harmless and gives the note another chance.
    private static SyncOutcome NoteFailed(SyncOutcome contact, string? why, int? httpStatus) =>
        SyncOutcome.Transient($"HubSpot took the contact {contact.CrmObjectId} but not its note: {why ?? "no reason given"}", httpStatus);
}
