using System.Globalization;

namespace ActOnSync.Fakes.Salesforce;

/// <summary>A record as the fake org holds it, copied out for assertions.</summary>
public sealed record FakeSalesforceRecord(string Id, string ObjectType, IReadOnlyDictionary<string, string?> Fields)
{
    public string? this[string field] => Fields.GetValueOrDefault(field);
}

/// <summary>What a write came to: the record saved, the errors that stopped it, or the several records its key matched.</summary>
internal sealed record FakeSave(string? Id, bool Created, IReadOnlyList<FakeError> Errors, IReadOnlyList<string> Matches)
{
    public static FakeSave Refused(params FakeError[] errors) => new(null, false, errors, []);
}

/// <summary>
/// The records of the fake org and the rules Salesforce applies when one is written: the fields each
/// object has, their lengths, the required ones (LastName and Company for a Lead, LastName for a
/// Contact), and a Task's WhoId naming an existing Lead or Contact.
/// </summary>
internal sealed class FakeOrg
{
    private static readonly Dictionary<string, FakeObject> Objects = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Lead"] = new("Lead", "00Q", ["LastName", "Company"], new(StringComparer.OrdinalIgnoreCase)
        {
            ["FirstName"] = 40, ["LastName"] = 80, ["Company"] = 255, ["Email"] = 80, ["Title"] = 128, ["Phone"] = 40, ["LeadSource"] = 255,
        }),
        ["Contact"] = new("Contact", "003", ["LastName"], new(StringComparer.OrdinalIgnoreCase)
        {
            ["FirstName"] = 40, ["LastName"] = 80, ["Email"] = 80, ["Title"] = 128, ["Phone"] = 40, ["LeadSource"] = 255,
        }),
        ["Task"] = new("Task", "00T", [], new(StringComparer.OrdinalIgnoreCase)
        {
            ["WhoId"] = 18, ["Subject"] = 255, ["Status"] = 255, ["Priority"] = 255, ["ActivityDate"] = 10, ["Description"] = 32_000,
        }),
    };

    private const int MaxExternalIdChars = 255;

    private readonly Lock _gate = new();
    private readonly List<StoredRecord> _records = [];
    private int _lastNumber;

    public FakeOrg(string externalIdField) => ExternalIdField = externalIdField;

    public string ExternalIdField { get; }

    /// <summary>The object's own spelling, when the org has it; <paramref name="upsertable"/> asks for one keyed by the external id field.</summary>
    public static string? ObjectNamed(string name, bool upsertable = false) =>
        Objects.TryGetValue(name, out var type) && (!upsertable || type.Name != "Task") ? type.Name : null;

    /// <summary>What makes Salesforce refuse the whole request before writing anything: a field the object does not have, a date that is not one.</summary>
    public FakeError? Unreadable(string objectType, IReadOnlyDictionary<string, string?> fields)
    {
        foreach (var (name, value) in fields)
        {
            if (!Has(objectType, name))
                return new FakeError("INVALID_FIELD", $"No such column '{name}' on sobject of type {objectType}", name);
            if (name.Equals("ActivityDate", StringComparison.OrdinalIgnoreCase) && value is not null
                && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                return new FakeError("JSON_PARSER_ERROR", $"Cannot deserialize instance of date from VALUE_STRING value {value}", name);
        }
        return null;
    }

    /// <summary>Creates the record when no record has the key, updates it when one has; several: nothing is written.</summary>
    public FakeSave Upsert(string objectType, string key, IReadOnlyDictionary<string, string?> fields)
    {
        lock (_gate)
        {
            var matches = _records.Where(r => r.ObjectType == objectType
                && string.Equals(r.Fields.GetValueOrDefault(ExternalIdField), key, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count > 1)
                return new FakeSave(null, false, [], [.. matches.Select(r => r.Id)]);
            var keyed = new Dictionary<string, string?>(fields, StringComparer.OrdinalIgnoreCase) { [ExternalIdField] = key };
            return Write(matches.SingleOrDefault(), objectType, keyed);
        }
    }

    public FakeSave Create(string objectType, IReadOnlyDictionary<string, string?> fields)
    {
        lock (_gate)
            return Write(null, objectType, fields);
    }

    /// <summary>Puts a record in the org as it is, unchecked: what earlier imports or users left there.</summary>
    public string Seed(string objectType, IReadOnlyDictionary<string, string?> fields)
    {
        lock (_gate)
        {
            var record = new StoredRecord(NewId(Objects[objectType]), Objects[objectType].Name, new(fields, StringComparer.OrdinalIgnoreCase));
            _records.Add(record);
            return record.Id;
        }
    }

    public IReadOnlyList<FakeSalesforceRecord> All(string objectType)
    {
        lock (_gate)
            return [.. _records.Where(r => r.ObjectType.Equals(objectType, StringComparison.OrdinalIgnoreCase))
                .Select(r => new FakeSalesforceRecord(r.Id, r.ObjectType, new Dictionary<string, string?>(r.Fields, StringComparer.OrdinalIgnoreCase)))];
    }

    private FakeSave Write(StoredRecord? existing, string objectType, IReadOnlyDictionary<string, string?> fields)
    {
        var type = Objects[objectType];
        var merged = new Dictionary<string, string?>(existing?.Fields ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in fields)
            merged[name] = value;
        var errors = Check(type, merged);
        if (errors.Count > 0)
            return FakeSave.Refused([.. errors]);
        if (existing is not null)
        {
            foreach (var (name, value) in fields)
                existing.Fields[name] = value;
            return new FakeSave(existing.Id, false, [], []);
        }
        var created = new StoredRecord(NewId(type), type.Name, merged);
        _records.Add(created);
        return new FakeSave(created.Id, true, [], []);
    }

    private List<FakeError> Check(FakeObject type, IReadOnlyDictionary<string, string?> record)
    {
        var errors = new List<FakeError>();
        var missing = type.Required.Where(f => string.IsNullOrEmpty(record.GetValueOrDefault(f))).ToArray();
        if (missing.Length > 0)
            errors.Add(new FakeError("REQUIRED_FIELD_MISSING", $"Required fields are missing: [{string.Join(", ", missing)}]", missing));
        foreach (var (name, value) in record)
            if (value is not null && value.Length > MaxLength(type, name))
                errors.Add(new FakeError("STRING_TOO_LONG", $"{name}: data value too large: {value[..Math.Min(value.Length, 40)]}… (max length={MaxLength(type, name)})", name));
        if (type.Name == "Task" && record.GetValueOrDefault("WhoId") is { } whoId
            && !_records.Any(r => r.Id == whoId && r.ObjectType is "Lead" or "Contact"))
            errors.Add(new FakeError("FIELD_INTEGRITY_EXCEPTION", $"Name ID: id value of incorrect type: {whoId}", "WhoId"));
        return errors;
    }

    private bool Has(string objectType, string field) =>
        Objects[objectType].MaxLengths.ContainsKey(field) || (objectType != "Task" && field.Equals(ExternalIdField, StringComparison.OrdinalIgnoreCase));

    private static int MaxLength(FakeObject type, string field) => type.MaxLengths.GetValueOrDefault(field, MaxExternalIdChars);

    // 18 characters, as Salesforce ids are: the object's key prefix, a number, a checksum-like suffix.
    private string NewId(FakeObject type) => $"{type.IdPrefix}{++_lastNumber:D12}AAA";

    private sealed record FakeObject(string Name, string IdPrefix, string[] Required, Dictionary<string, int> MaxLengths);

    private sealed record StoredRecord(string Id, string ObjectType, Dictionary<string, string?> Fields);
}
