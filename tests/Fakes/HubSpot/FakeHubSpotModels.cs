using System.Text.Json;

namespace ActOnSync.Fakes.HubSpot;

/// <summary>How a <see cref="FakeHubSpot"/> starts.</summary>
public sealed record FakeHubSpotOptions
{
    public string Token { get; init; } = "pat-na1-11111111-2222-3333-4444-555555555555";

    /// <summary>Calls allowed per rolling <see cref="RateLimitInterval"/> (HubSpot Free/Starter: 100 per 10 s).</summary>
    public int RateLimitMax { get; init; } = 100;

    public TimeSpan RateLimitInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The account's contact properties: writing any other fails the whole batch, as in HubSpot.</summary>
    public IReadOnlySet<string> ContactProperties { get; init; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "email", "firstname", "lastname", "company", "jobtitle", "phone", "website", "city", "country", "lifecyclestage",
    };
}

/// <summary>A contact the fake holds, as it stands now.</summary>
public sealed record FakeContact(string Id, string Email, IReadOnlyDictionary<string, string?> Properties, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A note the fake holds, with the contacts it is associated to.</summary>
public sealed record FakeNote(string Id, DateTimeOffset Timestamp, string Body, IReadOnlyList<string> ContactIds);

/// <summary>One call the fake answered: where, how, and how many inputs it carried (0 when unread).</summary>
public sealed record FakeHubSpotRequest(string Path, int Status, int Inputs);

// The request bodies as HubSpot documents them; anything may be missing, and the fake says so as HubSpot would.

internal sealed record BatchInput<T>(List<T>? Inputs);

internal sealed record UpsertInput(string? Id, string? IdProperty, Dictionary<string, string?>? Properties, string? ObjectWriteTraceId);

internal sealed record NoteInput(Dictionary<string, string?>? Properties, List<AssociationInput>? Associations, string? ObjectWriteTraceId);

internal sealed record AssociationInput(ObjectRef? To, List<AssociationType>? Types);

internal sealed record ObjectRef(string? Id);

internal sealed record AssociationType(string? AssociationCategory, int AssociationTypeId);

/// <summary>An answer: status and JSON body.</summary>
internal sealed record FakeAnswer(int Status, object Body, int Inputs = 0)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>HubSpot's error body (docs: "error handling"); <paramref name="context"/> names the inputs in a batch's errors.</summary>
    public static Dictionary<string, object> Error(string category, string message, Dictionary<string, string[]>? context = null)
    {
        var error = new Dictionary<string, object>
        {
            ["status"] = "error",
            ["message"] = message,
            ["correlationId"] = Guid.NewGuid().ToString(),
            ["category"] = category,
        };
        if (context is not null)
            error["context"] = context;
        return error;
    }

    public static FakeAnswer Invalid(string message, int inputs = 0) => new(400, Error("VALIDATION_ERROR", message), inputs);

    /// <summary>HubSpot's wording for rejected property values: a JSON list inside the message.</summary>
    public static string PropertyValuesNotValid(string property, string error, string message) =>
        "Property values were not valid: " + JsonSerializer.Serialize(new[]
        {
            new { isValid = false, message, error, name = property },
        });

    /// <summary>
    /// A batch answer: 200 (or <paramref name="okStatus"/>) when every input went through, 207
    /// Multi-Status with <c>errors</c> and <c>numErrors</c> when some did, 400 with the first error when none did.
    /// </summary>
    public static FakeAnswer Batch(int inputs, List<object> results, List<Dictionary<string, object>> errors, int okStatus = 200)
    {
        if (results.Count == 0 && errors.Count > 0)
            return new FakeAnswer(400, errors[0], inputs);
        var now = DateTimeOffset.UtcNow;
        var body = new Dictionary<string, object>
        {
            ["status"] = "COMPLETE",
            ["results"] = results,
            ["startedAt"] = now,
            ["completedAt"] = now,
        };
        if (errors.Count == 0)
            return new FakeAnswer(okStatus, body, inputs);
        body["numErrors"] = errors.Count;
        body["errors"] = errors;
        return new FakeAnswer(207, body, inputs);
    }
}
