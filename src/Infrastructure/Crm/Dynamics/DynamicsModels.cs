using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ActOnSync.Application.Sync;
using ActOnSync.Domain;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.Dynamics;

/// <summary>The Dataverse table contacts are written to, and the Web API requests that write them.</summary>
public sealed class DataverseTable(Uri baseUrl, string entitySet, string entityName, string alternateKey)
{
    private const string ApiPath = "api/data/v9.2/";

    // The length of a task's subject column; a longer one would be refused (400) and dead-letter the job.
    private const int MaxSubjectLength = 200;

    public string EntityName => entityName;

    /// <summary>
    /// A conditional upsert by the alternate key: only the mapped columns, so that columns edited in
    /// Dynamics and not mapped here keep their values.
    /// </summary>
    internal HttpRequestMessage Write(MappedRecord record, WriteCondition condition)
    {
        var body = new JsonObject();
        foreach (var (column, value) in record.Fields)
            body[column] = value;
        // Escaped as a whole: OData reads %27 as a quote, and a '#', '?', '/' or '%' in the key must not break the path.
        var request = Json(HttpMethod.Patch, $"{entitySet}({alternateKey}={Uri.EscapeDataString(KeyLiteral(record.KeyValue))})", body);
        request.Headers.TryAddWithoutValidation(condition.Header, "*");
        return request;
    }

    internal HttpRequestMessage CreateTask(SyncDelivery delivery, Guid recordId) =>
        Json(HttpMethod.Post, "tasks", new JsonObject
        {
            // The job's id as the task's: a retry whose earlier answer was lost finds its task (412)
            // instead of adding a second one.
            ["activityid"] = delivery.JobId,
            ["subject"] = DynamicsText.Shorten(delivery.Activity.Subject, MaxSubjectLength),
            ["description"] = delivery.Activity.Description,
            [$"regardingobjectid_{entityName}@odata.bind"] = $"/{entitySet}({recordId})",
        });

    public string Describe(MappedRecord record) => $"{entityName} {alternateKey}={KeyLiteral(record.KeyValue)}";

    /// <summary>An OData string literal: quoted, a quote inside doubled.</summary>
    private static string KeyLiteral(string value) => $"'{value.Replace("'", "''")}'";

    private HttpRequestMessage Json(HttpMethod method, string resource, JsonObject body)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUrl, ApiPath + resource))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Add("OData-MaxVersion", "4.0");
        request.Headers.Add("OData-Version", "4.0");
        return request;
    }
}

/// <summary>One half of a create-or-update that knows which it did.</summary>
/// <param name="Header">Sent with the value <c>*</c>.</param>
/// <param name="RefusedStatus">Dataverse's answer when the condition fails: the record exists (412) or does not (404).</param>
internal sealed record WriteCondition(string Header, int RefusedStatus, bool Creates)
{
    public static readonly WriteCondition CreateOnly = new("If-None-Match", 412, true);

    public static readonly WriteCondition UpdateOnly = new("If-Match", 404, false);

    public WriteCondition Other => Creates ? UpdateOnly : CreateOnly;
}

/// <summary>What Dataverse answered to one call: the status, the record's address, and on a failure its error.</summary>
internal sealed partial record DataverseAnswer(int Status, string? ReasonPhrase, string? EntityId, TimeSpan? RetryAfter, string? Code, string? Message)
{
    // Error bodies are small JSON; anything longer (a proxy's page) is only quoted, never parsed.
    private const int MaxReadBytes = 64 * 1024;
    private const int MaxQuotedChars = 1000;

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The GUID at the end of <c>OData-EntityId</c>, e.g. <c>https://org.crm.dynamics.com/api/data/v9.2/leads(7d57…)</c>.</summary>
    public Guid? RecordId =>
        EntityId is not null && TrailingId().Match(EntityId) is { Success: true } match && Guid.TryParse(match.Groups[1].Value, out var id) ? id : null;

    /// <summary>For the operator: the status, Dataverse's own message and its error code.</summary>
    public string Describe() =>
        $"HTTP {Status} {ReasonPhrase}".TrimEnd() + (Message is null ? "." : $": {Message}") + (Code is { Length: > 0 } ? $" ({Code})" : "");

    public static async Task<DataverseAnswer> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var entityId = response.Headers.TryGetValues("OData-EntityId", out var values) ? values.FirstOrDefault() : null;
        if (response.IsSuccessStatusCode)
            return new DataverseAnswer(status, response.ReasonPhrase, entityId, null, null, null);
        var body = await ReadStartAsync(response.Content, cancellationToken);
        var (code, message) = Error(body);
        return new DataverseAnswer(status, response.ReasonPhrase, entityId, response.Headers.RetryAfter?.Delta, code, message);
    }

    /// <summary>Dataverse's error shape, <c>{"error":{"code":"0x…","message":"…"}}</c>; else the body quoted.</summary>
    private static (string? Code, string? Message) Error(string body)
    {
        if (body.Length == 0)
            return (null, null);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
                return (error.TryGetProperty("code", out var code) ? code.GetString() : null, text);
        }
        catch (JsonException)
        {
        }
        return (null, DynamicsText.Shorten(body, MaxQuotedChars));
    }

    private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxReadBytes];
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, read).Trim();
    }

    [GeneratedRegex(@"\(([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\)$")]
    private static partial Regex TrailingId();
}

internal static class DynamicsText
{
    /// <summary>At most <paramref name="max"/> characters, an ellipsis marking a cut, never half a surrogate pair.</summary>
    public static string Shorten(string text, int max) => Text.Truncate(text, max, "…");
}

/// <summary>Entra ID's token endpoint answer: a token and its lifetime, or an OAuth error.</summary>
internal sealed record EntraTokenAnswer(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] long ExpiresIn,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription);
