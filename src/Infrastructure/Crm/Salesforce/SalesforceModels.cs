using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ActOnSync.Application.Sync;
using ActOnSync.Domain;

namespace ActOnSync.Infrastructure.Crm.Salesforce;

/// <summary>The token endpoint's answer to a client-credentials grant (only what the adapter uses).</summary>
internal sealed record SalesforceTokenGrant(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("instance_url")] string? InstanceUrl);

/// <summary>The token endpoint's refusal, an OAuth 2.0 error response.</summary>
internal sealed record SalesforceTokenRefusal(
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? Description);

/// <summary>
/// One of Salesforce's errors. A REST answer names the code <c>errorCode</c>; the per-record results
/// of sObject Collections name it <c>statusCode</c>.
/// </summary>
internal sealed record SalesforceError(string? Message, string? ErrorCode, string? StatusCode, IReadOnlyList<string>? Fields)
{
    public string Code => ErrorCode ?? StatusCode ?? "UNKNOWN_ERROR";

    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>SaveResult or UpsertResult: what became of one record written.</summary>
internal sealed record SalesforceSaveResult(string? Id, bool Success, IReadOnlyList<SalesforceError>? Errors, bool Created);

/// <summary>The JSON the adapter sends: records, collections of them, and the Task that logs a delivery.</summary>
internal static class SalesforceJson
{
    // Salesforce's limits on Task fields: a longer value fails the whole record with STRING_TOO_LONG.
    private const int MaxSubjectChars = 255;
    private const int MaxDescriptionChars = 32_000;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// An sObject Collections body. <c>allOrNone: false</c>: each record is written or refused on
    /// its own, so one bad contact does not hold back the rest of the batch.
    /// </summary>
    public static JsonObject Collection(IEnumerable<JsonObject> records) =>
        new() { ["allOrNone"] = false, ["records"] = new JsonArray([.. records]) };

    /// <summary>A record of a collection: its fields with the <c>attributes.type</c> every one must carry.</summary>
    public static JsonObject Typed(string objectType, JsonObject fields)
    {
        var record = new JsonObject { ["attributes"] = new JsonObject { ["type"] = objectType } };
        foreach (var (name, value) in fields)
            record[name] = value?.DeepClone();
        return record;
    }

    public static JsonObject Fields(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var json = new JsonObject();
        foreach (var (name, value) in fields)
            json[name] = value;
        return json;
    }

    /// <summary>
    /// A completed Task on the Lead or Contact, dated the day the step ran (UTC: a Task's
    /// ActivityDate is a date without a time zone).
    /// </summary>
    public static JsonObject Task(string whoId, SyncActivity activity) => new()
    {
        ["WhoId"] = whoId,
        ["Subject"] = Cut(activity.Subject, MaxSubjectChars),
        ["Status"] = "Completed",
        ["ActivityDate"] = activity.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Description"] = Cut(activity.Description, MaxDescriptionChars),
    };

    /// <summary>"errorCode: message" for each error, as Salesforce worded them.</summary>
    public static string Describe(IEnumerable<SalesforceError> errors) => string.Join("; ", errors);

    /// <summary>The errors of a REST answer, when its body is Salesforce's JSON array of them.</summary>
    public static IReadOnlyList<SalesforceError>? Errors(string body) => Read<List<SalesforceError>>(body) is { Count: > 0 } errors ? errors : null;

    /// <returns>Null when <paramref name="body"/> is not JSON of that shape.</returns>
    public static T? Read<T>(string body) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>At most <paramref name="max"/> characters, never cutting a surrogate pair in half.</summary>
    public static string Cut(string text, int max) => Text.Truncate(text, max);
}
