using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActOnSync.Fakes.Salesforce;

/// <summary>An error as Salesforce words it.</summary>
internal sealed record FakeError(string Code, string Message, params string[] Fields)
{
    /// <summary>In a REST answer: <c>errorCode</c>.</summary>
    public JsonObject InAnswer() => new() { ["message"] = Message, ["errorCode"] = Code, ["fields"] = FieldList() };

    /// <summary>In a per-record result of sObject Collections: <c>statusCode</c>.</summary>
    public JsonObject InResult() => new() { ["statusCode"] = Code, ["message"] = Message, ["fields"] = FieldList() };

    private JsonArray FieldList() => new([.. Fields.Select(f => JsonValue.Create(f))]);
}

/// <summary>
/// The REST resources of the fake org under <c>/services/data/{version}/</c>: upsert by external id
/// (one record, or sObject Collections), create (one record, or sObject Collections). A whole request
/// that cannot be read is refused with 400; in a collection each record is then written or refused
/// on its own (<c>allOrNone: false</c>, the only mode the fake has).
/// </summary>
internal static class FakeRestApi
{
    private const int MaxCollectionRecords = 200;

    public static void Map(RouteGroupBuilder data, FakeOrg org)
    {
        data.MapMethods("sobjects/{objectType}/{field}/{value}", [HttpMethods.Patch], Handler(context => UpsertOneAsync(context, org)));
        data.MapMethods("composite/sobjects/{objectType}/{field}", [HttpMethods.Patch], Handler(context => UpsertManyAsync(context, org)));
        data.MapPost("sobjects/{objectType}", Handler(context => CreateOneAsync(context, org)));
        data.MapPost("composite/sobjects", Handler(context => CreateManyAsync(context, org)));
    }

    /// <summary>A route handler (not a bare RequestDelegate), so that endpoint filters run and the result is written.</summary>
    public static Delegate Handler(Func<HttpContext, Task<IResult>> handle) => handle;

    public static IResult NotFound() => Errors(404, new FakeError("NOT_FOUND", "The requested resource does not exist"));

    public static IResult Errors(int status, params FakeError[] errors) => Json(status, new JsonArray([.. errors.Select(e => e.InAnswer())]));

    public static IResult Json(int status, JsonNode body) => Results.Content(body.ToJsonString(), "application/json", Encoding.UTF8, status);

    private static async Task<IResult> UpsertOneAsync(HttpContext context, FakeOrg org)
    {
        if (UpsertTarget(context, org, out var objectType) is { } refused)
            return refused;
        if (await FieldsAsync(context) is not { } fields)
            return Unreadable($"a {objectType} request takes");
        // The docs say only that an error is generated; its wording here is the fake's.
        if (fields.Keys.FirstOrDefault(f => f.Equals("Id", StringComparison.OrdinalIgnoreCase) || f.Equals(org.ExternalIdField, StringComparison.OrdinalIgnoreCase)) is { } keyField)
            return Errors(400, new FakeError("INVALID_FIELD", $"{keyField} is the key of this upsert: set it in the URL, not in the request body", keyField));
        if (org.Unreadable(objectType, fields) is { } unreadable)
            return Errors(400, unreadable);

        var save = org.Upsert(objectType, Route(context, "value"), fields);
        if (save.Matches.Count > 1)
            return Json(300, new JsonArray([.. save.Matches.Select(id => JsonValue.Create($"/services/data/{Route(context, "version")}/sobjects/{objectType}/{id}"))]));
        if (save.Errors.Count > 0)
            return Errors(400, [.. save.Errors]);
        return Json(save.Created ? 201 : 200, new JsonObject { ["id"] = save.Id, ["success"] = true, ["errors"] = new JsonArray(), ["created"] = save.Created });
    }

    private static async Task<IResult> UpsertManyAsync(HttpContext context, FakeOrg org)
    {
        if (UpsertTarget(context, org, out var objectType) is { } refused)
            return refused;
        if (await CollectionAsync(context) is not { } records)
            return Unreadable($"an sObject Collections upsert of {objectType} records takes");
        if (Oversized(records) is { } oversized)
            return oversized;
        if (records.FirstOrDefault(r => r.Type != objectType) is { } other)
            return Errors(400, new FakeError("INVALID_TYPE", $"This collection takes {objectType} records only, not {other.Type ?? "records without attributes.type"}"));
        if (records.Select(r => org.Unreadable(objectType, r.Fields)).FirstOrDefault(e => e is not null) is { } unreadable)
            return Errors(400, unreadable);

        var keys = records.Select(r => r.Fields.GetValueOrDefault(org.ExternalIdField)).ToList();
        var results = new JsonArray();
        foreach (var (record, key) in records.Zip(keys))
        {
            // Salesforce refuses every record of the request that shares its key with another.
            if (key is not null && keys.Count(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) > 1)
                results.Add(Failed(new FakeError("DUPLICATE_VALUE", $"Duplicate external id specified: {key}", org.ExternalIdField)));
            else if (string.IsNullOrEmpty(key))
                results.Add(Failed(new FakeError("MISSING_ARGUMENT", $"{org.ExternalIdField} not specified", org.ExternalIdField)));
            else
                results.Add(Result(org, org.Upsert(objectType, key, Without(record.Fields, org.ExternalIdField)), upsert: true));
        }
        return Json(200, results);
    }

    private static async Task<IResult> CreateOneAsync(HttpContext context, FakeOrg org)
    {
        if (FakeOrg.ObjectNamed(Route(context, "objectType")) is not { } objectType)
            return NotFound();
        if (await FieldsAsync(context) is not { } fields)
            return Unreadable($"a {objectType} request takes");
        if (org.Unreadable(objectType, fields) is { } unreadable)
            return Errors(400, unreadable);
        var save = org.Create(objectType, fields);
        return save.Errors.Count > 0
            ? Errors(400, [.. save.Errors])
            : Json(201, new JsonObject { ["id"] = save.Id, ["success"] = true, ["errors"] = new JsonArray() });
    }

    private static async Task<IResult> CreateManyAsync(HttpContext context, FakeOrg org)
    {
        if (await CollectionAsync(context) is not { } records)
            return Unreadable("an sObject Collections request takes");
        if (Oversized(records) is { } oversized)
            return oversized;
        if (records.FirstOrDefault(r => r.Type is null || FakeOrg.ObjectNamed(r.Type) is null) is { } unknown)
            return Errors(400, new FakeError("INVALID_TYPE", $"sObject type '{unknown.Type}' is not supported."));
        if (records.Select(r => org.Unreadable(FakeOrg.ObjectNamed(r.Type!)!, r.Fields)).FirstOrDefault(e => e is not null) is { } unreadable)
            return Errors(400, unreadable);
        return Json(200, new JsonArray([.. records.Select(r => Result(org, org.Create(FakeOrg.ObjectNamed(r.Type!)!, r.Fields), upsert: false))]));
    }

    private static IResult? UpsertTarget(HttpContext context, FakeOrg org, out string objectType)
    {
        objectType = FakeOrg.ObjectNamed(Route(context, "objectType"), upsertable: true) ?? "";
        if (objectType.Length == 0)
            return NotFound();
        var field = Route(context, "field");
        return field.Equals(org.ExternalIdField, StringComparison.OrdinalIgnoreCase)
            ? null
            : Errors(404, new FakeError("NOT_FOUND", $"Provided external ID field does not exist or is not accessible: {field}"));
    }

    private static IResult? Oversized(IReadOnlyList<CollectionRecord> records) => records.Count <= MaxCollectionRecords
        ? null
        : Errors(400, new FakeError("EXCEEDED_ID_LIMIT", $"record limit reached. cannot submit more than {MaxCollectionRecords} records into this call"));

    private static IResult Unreadable(string what) =>
        Errors(400, new FakeError("JSON_PARSER_ERROR", $"The request body is not the JSON {what}."));

    private static JsonObject Result(FakeOrg org, FakeSave save, bool upsert)
    {
        if (save.Matches.Count > 1)
            return Failed(new FakeError("DUPLICATE_EXTERNAL_ID",
                $"{org.ExternalIdField}: more than one record found for external id field: [{string.Join(", ", save.Matches)}]", org.ExternalIdField));
        if (save.Errors.Count > 0)
            return Failed([.. save.Errors]);
        var result = new JsonObject { ["id"] = save.Id, ["success"] = true, ["errors"] = new JsonArray() };
        if (upsert)
            result["created"] = save.Created;
        return result;
    }

    private static JsonObject Failed(params FakeError[] errors) =>
        new() { ["id"] = null, ["success"] = false, ["errors"] = new JsonArray([.. errors.Select(e => e.InResult())]) };

    /// <returns>The body's fields, or null when it is not a JSON object of plain values.</returns>
    private static async Task<Dictionary<string, string?>?> FieldsAsync(HttpContext context) =>
        await BodyAsync(context) is JsonObject json ? Fields(json) : null;

    /// <returns>The records of an sObject Collections body, or null when it is not one.</returns>
    /// <remarks>The fake has no all-or-none mode: a body asking for it is refused as unreadable.</remarks>
    private static async Task<List<CollectionRecord>?> CollectionAsync(HttpContext context)
    {
        if (await BodyAsync(context) is not JsonObject { } body || body["records"] is not JsonArray items
            || body["allOrNone"] is JsonValue allOrNone && allOrNone.GetValueKind() == JsonValueKind.True)
            return null;
        var records = new List<CollectionRecord>();
        foreach (var item in items)
        {
            if (item is not JsonObject record || Fields(record, skip: "attributes") is not { } fields)
                return null;
            records.Add(new CollectionRecord(record["attributes"]?["type"]?.GetValue<string>(), fields));
        }
        return records;
    }

    private static Dictionary<string, string?>? Fields(JsonObject json, string? skip = null)
    {
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in json)
        {
            if (name == skip)
                continue;
            if (value is not null and not JsonValue)
                return null;
            fields[name] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString();
        }
        return fields;
    }

    private static async Task<JsonNode?> BodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, string?> Without(Dictionary<string, string?> fields, string field) =>
        fields.Where(f => !f.Key.Equals(field, StringComparison.OrdinalIgnoreCase)).ToDictionary(StringComparer.OrdinalIgnoreCase);

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? "";

    private sealed record CollectionRecord(string? Type, Dictionary<string, string?> Fields);
}
