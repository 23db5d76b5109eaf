using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ActOnSync.Domain.StepExecutions;

namespace ActOnSync.Application.StepExecutions.ReceiveStepExecuted;

/// <summary>
/// Reads Act-On's flat <c>automated-program-step.executed</c> body: context keys matched
/// case-insensitively, every other top-level property kept verbatim as a contact field.
/// </summary>
public sealed record StepExecutedPayload(
    RecId RecId,
    StepId StepId,
    ProgramContext Context,
    DateTimeOffset? ExecutedAt,
    string ContactFieldsJson)
{
    private static readonly HashSet<string> ContextKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "recId", "stepId", "programId", "name", "stepName", "description", "externalId",
        "crmLink", "automatedProgramLink", "contactReportLink", "timestamp",
    };

    // Unicode stays readable in storage; the value is data, never embedded in HTML.
    private static readonly JsonWriterOptions ContactWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <returns>The payload, or null with <paramref name="error"/> saying what is wrong with the body.</returns>
    public static StepExecutedPayload? Parse(ReadOnlyMemory<byte> body, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return Read(document.RootElement, out error);
        }
        catch (JsonException ex)
        {
            error = $"The body is not valid JSON: {ex.Message}";
            return null;
        }
        catch (InvalidOperationException)
        {
            // The parser lets some undecodable text through; reading a name or value then throws.
            error = "The body holds text that is not valid UTF-8 (or an unpaired \\u surrogate escape).";
            return null;
        }
    }

    private static StepExecutedPayload? Read(JsonElement root, out string? error)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"The body must be one JSON object (one contact per request), not {Describe(root.ValueKind)}.";
            return null;
        }

        var context = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        var contactNames = new HashSet<string>(StringComparer.Ordinal);
        var contactBuffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(contactBuffer, ContactWriterOptions))
        {
            writer.WriteStartObject();
            foreach (var property in root.EnumerateObject())
            {
                var isContext = ContextKeys.Contains(property.Name);
                if (isContext ? !context.TryAdd(property.Name, property.Value) : !contactNames.Add(property.Name))
                {
                    error = $"The property '{property.Name}' appears more than once" +
                            (isContext ? " (context fields are matched case-insensitively)." : ".");
                    return null;
                }
                if (!isContext)
                    property.WriteTo(writer);
            }
            writer.WriteEndObject();
        }

        if (!TryReadId(context, "recId", "the Act-On contact record id", out var recId, out error)
            || !TryReadId(context, "stepId", "the program step id", out var stepId, out error)
            || !TryReadTimestamp(context, out var executedAt, out error))
            return null;

        try
        {
            var programContext = new ProgramContext(
                ProgramId: Text(context, "programId"),
                ProgramName: Text(context, "name"),
                StepName: Text(context, "stepName"),
                Description: Text(context, "description"),
                ExternalId: Text(context, "externalId"),
                CrmLink: Text(context, "crmLink"),
                AutomatedProgramLink: Text(context, "automatedProgramLink"),
                ContactReportLink: Text(context, "contactReportLink"));
            var contactFields = System.Text.Encoding.UTF8.GetString(contactBuffer.WrittenSpan);
            return new StepExecutedPayload(new RecId(recId!), new StepId(stepId!), programContext, executedAt, contactFields);
        }
        catch (ArgumentException ex)
        {
            // The domain's guard clauses have the last word on what an id may be.
            error = ex.Message;
            return null;
        }
    }

    private static bool TryReadId(Dictionary<string, JsonElement> context, string key, string meaning, out string? value, out string? error)
    {
        value = Text(context, key);
        error = null;
        if (context.TryGetValue(key, out var element) && element.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
            error = $"'{key}' ({meaning}) must be a string or a number, not {Describe(element.ValueKind)}.";
        else if (string.IsNullOrWhiteSpace(value))
            error = $"The payload has no '{key}' ({meaning}); it is required to identify the step execution.";
        return error is null;
    }

    private static bool TryReadTimestamp(Dictionary<string, JsonElement> context, out DateTimeOffset? executedAt, out string? error)
    {
        executedAt = null;
        error = null;
        if (!context.TryGetValue("timestamp", out var element)
            || element.ValueKind == JsonValueKind.Null
            || element.ValueKind == JsonValueKind.String && element.GetString()!.Trim().Length == 0)
            return true;

        DateTimeOffset parsed = default;
        var ok = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDouble(out var number) && ActOnTimestamp.TryFromUnix(number, out parsed),
            JsonValueKind.String => ActOnTimestamp.TryParse(element.GetString()!, out parsed),
            _ => false,
        };
        if (ok)
            executedAt = parsed;
        else
            error = $"'timestamp' must be Unix seconds or milliseconds (a number or a numeric string) or an ISO-8601 date-time between 1970 and 2200; got {element.GetRawText()}.";
        return ok;
    }

    /// <summary>A context value as text: strings as they are, numbers and booleans as written, nested values as JSON.</summary>
    private static string? Text(Dictionary<string, JsonElement> context, string key) =>
        !context.TryGetValue(key, out var element) ? null : element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => element.GetRawText(),
        };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
