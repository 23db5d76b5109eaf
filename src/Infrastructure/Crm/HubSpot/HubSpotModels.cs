using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActOnSync.Application.Sync;
using ActOnSync.Domain;

namespace ActOnSync.Infrastructure.Crm.HubSpot;

// The wire shapes of HubSpot's CRM v3 batch endpoints, spelled out here so that renaming an
// application type can never change what HubSpot receives.

internal static class HubSpotJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The body of every batch call: <c>{"inputs":[...]}</c>, at most 100 of them.</summary>
internal sealed record HubSpotBatchInput<T>(IReadOnlyList<T> Inputs);

/// <summary>One contact of <c>contacts/batch/upsert</c>: created, or updated when a contact has <c>Id</c> as its <c>IdProperty</c>.</summary>
internal sealed record HubSpotUpsertInput(string Id, string IdProperty, IReadOnlyDictionary<string, string> Properties);

/// <summary>One note of <c>notes/batch/create</c>; the trace id names it in the answer (results and multi-status errors).</summary>
internal sealed record HubSpotNoteInput(
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyList<HubSpotAssociation> Associations,
    string ObjectWriteTraceId)
{
    private const int MaxBodyChars = 65_536;

    /// <summary>
    /// The step execution as a note on its contact, dated when it happened. The body is rich text
    /// (HTML) in HubSpot, so the activity's text is encoded and its lines become line breaks.
    /// The job id is the trace id: unique in the batch, and the same on a retry.
    /// </summary>
    public static HubSpotNoteInput For(SyncDelivery delivery, string contactId)
    {
        var activity = delivery.Activity;
        var body = $"<p><strong>{WebUtility.HtmlEncode(activity.Subject)}</strong></p>" +
                   $"<p>{WebUtility.HtmlEncode(activity.Description).Replace("\n", "<br>", StringComparison.Ordinal)}</p>";
        return new HubSpotNoteInput(
            new Dictionary<string, string>
            {
                ["hs_timestamp"] = activity.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["hs_note_body"] = Text.Truncate(body, MaxBodyChars),
            },
            [HubSpotAssociation.ToContact(contactId)],
            delivery.JobId.ToString());
    }
}

internal sealed record HubSpotAssociation(HubSpotObjectRef To, IReadOnlyList<HubSpotAssociationType> Types)
{
    // HubSpot's own association type "note to contact".
    private const int NoteToContact = 202;

    public static HubSpotAssociation ToContact(string contactId) =>
        new(new HubSpotObjectRef(contactId), [new HubSpotAssociationType("HUBSPOT_DEFINED", NoteToContact)]);
}

internal sealed record HubSpotObjectRef(string Id);

internal sealed record HubSpotAssociationType(string AssociationCategory, int AssociationTypeId);

/// <summary>
/// The answer of a batch call: 200/201 when every input went through, 207 Multi-Status when
/// some did (<c>errors</c> then says which did not, naming them in each error's <c>context</c>).
/// </summary>
internal sealed record HubSpotBatchAnswer(IReadOnlyList<HubSpotRecord>? Results, IReadOnlyList<HubSpotError>? Errors)
{
    public HubSpotRecord? Result(Func<HubSpotRecord, bool> isFor) => Results?.FirstOrDefault(isFor);

    /// <summary>The message of the error whose context names <paramref name="input"/>, if any.</summary>
    public string? ErrorFor(string input) =>
        Errors?.FirstOrDefault(e => e.Names(input)) is { } error ? error.Message ?? error.Category ?? "no message" : null;

    /// <summary>What HubSpot said about the inputs it named no one for: the first error's words.</summary>
    public string? FirstError => Errors is [var first, ..] ? first.Message ?? first.Category : null;
}

/// <param name="New">On upsert: true when the record was created, false when it was updated.</param>
internal sealed record HubSpotRecord(
    string Id,
    IReadOnlyDictionary<string, string?>? Properties,
    bool New,
    string? ObjectWriteTraceId);

/// <summary>HubSpot's error body, also one entry of a batch's <c>errors</c>; every field may be missing.</summary>
internal sealed record HubSpotError(
    string? Message,
    string? Category,
    string? PolicyName,
    IReadOnlyDictionary<string, JsonElement>? Context)
{
    /// <summary>
    /// True when the context names <paramref name="input"/> (an id, an email, a trace id). The
    /// context's keys vary by endpoint and error (<c>ids</c>, <c>objectWriteTraceId</c>...), so every value is looked at.
    /// </summary>
    public bool Names(string input) => Context?.Values.Any(v => Mentions(v, input)) == true;

    private static bool Mentions(JsonElement value, string input) => value.ValueKind switch
    {
        JsonValueKind.String => string.Equals(value.GetString(), input, StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Array => value.EnumerateArray().Any(item => Mentions(item, input)),
        _ => false,
    };
}
