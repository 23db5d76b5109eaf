using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ActOnSync.Fakes.Dynamics;

/// <summary>
/// The lead and task tables behind the fake's Web API: leads written by an alternate key with
/// Dataverse's upsert and If-Match / If-None-Match rules, tasks created regarding a lead. Not
/// thread-safe: the caller holds its lock.
/// </summary>
internal sealed partial class FakeDataverseTables(string alternateKey, Func<string> apiUrl)
{
    private const string DuplicateRecord = "0x80040237";
    private const string ObjectDoesNotExist = "0x80040217";
    private const string InvalidArgument = "0x80040203";
    private const string UndeclaredProperty = "0x80048d19";

    // The lead columns the fake knows, with their maximum lengths; any other property is refused as Dataverse refuses it.
    private static readonly Dictionary<string, int> LeadColumns = new(StringComparer.Ordinal)
    {
        ["emailaddress1"] = 100, ["firstname"] = 50, ["lastname"] = 50, ["companyname"] = 100, ["jobtitle"] = 100,
        ["telephone1"] = 50, ["new_actonrecid"] = 100,
    };

    // Dataverse compares alternate key values with the database's case-insensitive collation.
    private readonly Dictionary<string, LeadRow> _leads = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, FakeTask> _tasks = [];

    public IReadOnlyList<FakeLead> Leads => _leads.Values.Select(l => l.Snapshot()).ToList();

    public IReadOnlyList<FakeTask> Tasks => [.. _tasks.Values];

    public FakeLead Seed(string key, IReadOnlyDictionary<string, string> columns)
    {
        var row = new LeadRow(Guid.NewGuid(), key);
        row.Columns[alternateKey] = key;
        foreach (var (column, value) in columns)
            row.Columns[column] = value;
        _leads[key] = row;
        return row.Snapshot();
    }

    /// <summary><c>PATCH leads(&lt;key&gt;='&lt;value&gt;')</c>: create, update, or either, as the conditional headers allow.</summary>
    public DataverseReply WriteLead(string keySegment, string? ifMatch, string? ifNoneMatch, JsonObject body)
    {
        if (KeySegment().Match(keySegment) is not { Success: true } match)
            return DataverseReply.Error(400, "", $"Bad Request - Error in query syntax: '{keySegment}' is not a key.");
        if (match.Groups["column"].Value != alternateKey)
            return DataverseReply.Error(400, "",
                $"The key specified '{match.Groups["column"].Value}' is not a valid alternate key of entity 'lead'.");
        var key = match.Groups["value"].Value.Replace("''", "'");
        var exists = _leads.TryGetValue(key, out var lead);
        if (exists && ifNoneMatch == "*")
            return DataverseReply.Error(412, DuplicateRecord, "A record with matching key values already exists.");
        if (!exists && ifMatch == "*")
            return DataverseReply.Error(404, ObjectDoesNotExist, $"lead With Ids = {alternateKey}:{key} Does Not Exist");
        if (Invalid(body) is { } refusal)
            return refusal;
        // A business rule of the organization: no lead without a last name.
        if ((lead is null || body.ContainsKey("lastname")) && body["lastname"]?.GetValue<string>() is not { Length: > 0 })
            return DataverseReply.Error(400, InvalidArgument, "A validation error occurred. The value of 'lastname' on record of type 'lead' is required.");
        if (lead is null)
        {
            lead = new LeadRow(Guid.NewGuid(), key);
            lead.Columns[alternateKey] = key;
            _leads[key] = lead;
            lead.Creates++;
        }
        else
            lead.Updates++;
        foreach (var (column, value) in body)
            lead.Columns[column] = value?.GetValue<string>();
        return DataverseReply.NoContent($"{apiUrl()}leads({lead.Id})");
    }

    /// <summary><c>POST tasks</c>, with the caller's <c>activityid</c> when it gives one.</summary>
    public DataverseReply CreateTask(JsonObject body)
    {
        var properties = body.Select(p => p.Key).ToList();
        if (properties.FirstOrDefault(p => p is not ("activityid" or "subject" or "description" or "regardingobjectid_lead@odata.bind")) is { } unknown)
            return Undeclared(unknown, "task");
        var id = body["activityid"] is { } given && Guid.TryParse(given.GetValue<string>(), out var parsed) ? parsed : Guid.NewGuid();
        if (_tasks.ContainsKey(id))
            return DataverseReply.Error(412, DuplicateRecord, "A record with matching key values already exists.");
        if (body["subject"]?.GetValue<string>() is not { Length: > 0 and <= 200 } subject)
            return DataverseReply.Error(400, InvalidArgument, "A validation error occurred. The value of 'subject' on record of type 'task' is required and at most 200 characters long.");
        Guid? regarding = null;
        if (body["regardingobjectid_lead@odata.bind"]?.GetValue<string>() is { } bind)
        {
            if (LeadReference().Match(bind) is not { Success: true } reference || !Guid.TryParse(reference.Groups[1].Value, out var leadId))
                return DataverseReply.Error(400, "", $"The value '{bind}' of regardingobjectid_lead@odata.bind is not a reference to a lead, like /leads(<id>).");
            if (_leads.Values.All(l => l.Id != leadId))
                return DataverseReply.Error(400, ObjectDoesNotExist, $"lead With Id = {leadId} Does Not Exist");
            regarding = leadId;
        }
        _tasks[id] = new FakeTask(id, subject, body["description"]?.GetValue<string>(), regarding);
        return DataverseReply.NoContent($"{apiUrl()}tasks({id})");
    }

    private DataverseReply? Invalid(JsonObject body)
    {
        foreach (var (column, value) in body)
        {
            if (!LeadColumns.TryGetValue(column, out var maxLength) && column != alternateKey)
                return Undeclared(column, "lead");
            if (value is not null && value.GetValueKind() != JsonValueKind.String)
                return DataverseReply.Error(400, "", $"Cannot convert the literal '{value.ToJsonString()}' to the expected type 'Edm.String'.");
            if (value?.GetValue<string>() is { } text && text.Length > maxLength && maxLength > 0)
                return DataverseReply.Error(400, "0x80044331",
                    $"A validation error occurred. The length of the '{column}' attribute of the 'lead' entity exceeded the maximum allowed length of '{maxLength}'.");
        }
        return null;
    }

    private static DataverseReply Undeclared(string property, string entity) => DataverseReply.Error(400, UndeclaredProperty,
        $"The property '{property}' does not exist on type 'Microsoft.Dynamics.CRM.{entity}'. Make sure to only use property names that are defined by the type.");

    [GeneratedRegex(@"^(?<column>[A-Za-z_][A-Za-z0-9_]*)='(?<value>(?:[^']|'')*)'$")]
    private static partial Regex KeySegment();

    [GeneratedRegex(@"^/leads\(([0-9A-Fa-f-]{36})\)$")]
    private static partial Regex LeadReference();

    private sealed class LeadRow(Guid id, string key)
    {
        public Guid Id { get; } = id;

        public Dictionary<string, string?> Columns { get; } = new(StringComparer.Ordinal);

        public int Creates { get; set; }

        public int Updates { get; set; }

        public FakeLead Snapshot() => new(Id, key, new Dictionary<string, string?>(Columns), Creates, Updates);
    }
}
