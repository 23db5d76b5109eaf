using System.Globalization;

namespace ActOnSync.Fakes.HubSpot;

/// <summary>
/// What a HubSpot account holds (contacts keyed by email, notes with their associations) and
/// what its batch endpoints do to it. One batch is applied at a time, wholly or input by input
/// as HubSpot does: a batch-wide mistake changes nothing, an invalid input fails alone.
/// </summary>
internal sealed class FakeHubSpotAccount(IReadOnlySet<string> contactProperties)
{
    public const int MaxInputs = 100;
    public const int MaxNoteBodyChars = 65_536;

    private const string NoteToContactCategory = "HUBSPOT_DEFINED";
    private const int NoteToContactTypeId = 202;

    private readonly Dictionary<string, FakeContact> _contactsByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _contactIds = new(StringComparer.Ordinal);
    private readonly List<FakeNote> _notes = [];
    private readonly Lock _gate = new();
    private long _lastId = 1000;

    public IReadOnlyList<FakeContact> Contacts
    {
        get { lock (_gate) return [.. _contactsByEmail.Values.OrderBy(c => long.Parse(c.Id, CultureInfo.InvariantCulture))]; }
    }

    public IReadOnlyList<FakeNote> Notes
    {
        get { lock (_gate) return [.. _notes]; }
    }

    public FakeAnswer Upsert(BatchInput<UpsertInput> batch)
    {
        var inputs = batch.Inputs ?? [];
        if (BatchSizeError(inputs.Count) is { } sizeError)
            return sizeError;
        if (inputs.FirstOrDefault(i => i.IdProperty != "email") is { } byOther)
            return FakeAnswer.Invalid($"Unable to perform upsert by property '{byOther.IdProperty}': contacts are upserted by email here.", inputs.Count);
        if (inputs.Any(i => string.IsNullOrEmpty(i.Id)))
            return FakeAnswer.Invalid("Every input needs an id: the value of its idProperty.", inputs.Count);
        var duplicates = inputs.GroupBy(i => i.Id!, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            return FakeAnswer.Invalid($"Duplicate IDs found in batch input: [{string.Join(", ", duplicates)}]. IDs must be unique", inputs.Count);
        if (inputs.SelectMany(i => i.Properties?.Keys ?? Enumerable.Empty<string>()).FirstOrDefault(p => !contactProperties.Contains(p)) is { } unknown)
            return FakeAnswer.Invalid(FakeAnswer.PropertyValuesNotValid(unknown, "PROPERTY_DOESNT_EXIST", $"Property \"{unknown}\" does not exist"), inputs.Count);

        var results = new List<object>();
        var errors = new List<Dictionary<string, object>>();
        lock (_gate)
        {
            foreach (var input in inputs)
            {
                if (!input.Id!.Contains('@'))
                {
                    errors.Add(FakeAnswer.Error("VALIDATION_ERROR",
                        FakeAnswer.PropertyValuesNotValid("email", "INVALID_EMAIL", $"Email address {input.Id} is invalid"),
                        new Dictionary<string, string[]> { ["ids"] = [input.Id] }));
                    continue;
                }
                var (contact, created) = Write(input.Id.ToLowerInvariant(), input.Properties ?? []);
                results.Add(Record(contact.Id, contact.Properties, contact.CreatedAt, contact.UpdatedAt, input.ObjectWriteTraceId, created));
            }
        }
        return FakeAnswer.Batch(inputs.Count, results, errors);
    }

    public FakeAnswer CreateNotes(BatchInput<NoteInput> batch)
    {
        var inputs = batch.Inputs ?? [];
        if (BatchSizeError(inputs.Count) is { } sizeError)
            return sizeError;

        var results = new List<object>();
        var errors = new List<Dictionary<string, object>>();
        lock (_gate)
        {
            foreach (var input in inputs)
            {
                var context = input.ObjectWriteTraceId is { } trace ? new Dictionary<string, string[]> { ["objectWriteTraceId"] = [trace] } : null;
                if (NoteError(input) is { } error)
                {
                    errors.Add(FakeAnswer.Error("VALIDATION_ERROR", error, context));
                    continue;
                }
                var now = DateTimeOffset.UtcNow;
                var properties = new Dictionary<string, string?>(input.Properties!) { ["hs_object_id"] = NextId() };
                var note = new FakeNote(properties["hs_object_id"]!, ParseTimestamp(properties["hs_timestamp"])!.Value, properties.GetValueOrDefault("hs_note_body") ?? "",
                    (input.Associations ?? []).Select(a => a.To!.Id!).ToList());
                _notes.Add(note);
                results.Add(Record(note.Id, properties, now, now, input.ObjectWriteTraceId, created: null));
            }
        }
        return FakeAnswer.Batch(inputs.Count, results, errors, okStatus: 201);
    }

    private static FakeAnswer? BatchSizeError(int inputs) => inputs switch
    {
        0 => FakeAnswer.Invalid("The batch has no inputs."),
        > MaxInputs => FakeAnswer.Invalid($"Batch input size {inputs} is larger than the maximum of {MaxInputs}.", inputs),
        _ => null,
    };

    /// <returns>Why HubSpot would refuse this note, or null.</returns>
    private string? NoteError(NoteInput input)
    {
        var properties = input.Properties ?? [];
        if (ParseTimestamp(properties.GetValueOrDefault("hs_timestamp")) is null)
            return FakeAnswer.PropertyValuesNotValid("hs_timestamp", "REQUIRED_PROPERTY", "hs_timestamp is required: an ISO 8601 time or Unix milliseconds");
        if (properties.GetValueOrDefault("hs_note_body") is { Length: > MaxNoteBodyChars } body)
            return FakeAnswer.PropertyValuesNotValid("hs_note_body", "INVALID_LENGTH", $"hs_note_body has {body.Length} characters; at most {MaxNoteBodyChars} are allowed");
        foreach (var association in input.Associations ?? [])
        {
            if (association.To?.Id is not { } contactId || !_contactIds.Contains(contactId))
                return $"No contact with id {association.To?.Id} exists to associate the note with.";
            if (association.Types?.Any(t => t is { AssociationCategory: NoteToContactCategory, AssociationTypeId: NoteToContactTypeId }) != true)
                return $"A note is associated to a contact with associationCategory {NoteToContactCategory} and associationTypeId {NoteToContactTypeId}.";
        }
        return null;
    }

    private (FakeContact Contact, bool Created) Write(string email, Dictionary<string, string?> properties)
    {
        var now = DateTimeOffset.UtcNow;
        var existing = _contactsByEmail.GetValueOrDefault(email);
        var merged = new Dictionary<string, string?>(existing?.Properties ?? new Dictionary<string, string?>(), StringComparer.Ordinal);
        foreach (var (name, value) in properties)
            merged[name] = value;
        merged["email"] = email;
        var id = existing?.Id ?? NextId();
        merged["hs_object_id"] = id;
        var contact = new FakeContact(id, email, merged, existing?.CreatedAt ?? now, now);
        _contactsByEmail[email] = contact;
        _contactIds.Add(id);
        return (contact, existing is null);
    }

    private string NextId() => (++_lastId).ToString(CultureInfo.InvariantCulture);

    /// <summary>A record of a batch answer; <c>new</c> only for upserts.</summary>
    private static Dictionary<string, object?> Record(string id, IReadOnlyDictionary<string, string?> properties, DateTimeOffset createdAt,
        DateTimeOffset updatedAt, string? objectWriteTraceId, bool? created)
    {
        var record = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["properties"] = properties,
            ["createdAt"] = createdAt,
            ["updatedAt"] = updatedAt,
            ["archived"] = false,
        };
        if (created is not null)
            record["new"] = created;
        if (objectWriteTraceId is not null)
            record["objectWriteTraceId"] = objectWriteTraceId;
        return record;
    }

    /// <summary>HubSpot takes a time as ISO 8601 or as Unix milliseconds.</summary>
    private static DateTimeOffset? ParseTimestamp(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : null;
}
