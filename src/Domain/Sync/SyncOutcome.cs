namespace ActOnSync.Domain.Sync;

/// <summary>The classes every CRM answer maps to (see docs/crm-apis.md); each decides what the sync does next.</summary>
public enum OutcomeClass
{
    Success,
    Throttled,
    Transient,
    AuthExpired,
    Conflict,
    Permanent,
}

/// <summary>What one delivery attempt to a destination came to.</summary>
/// <param name="HttpStatus">The destination's HTTP status, when there was an answer.</param>
/// <param name="Message">The destination's own words on a failure, kept for the operator.</param>
/// <param name="RetryAfter">How long the destination asked us to wait (throttling).</param>
/// <param name="CrmObjectType">On success: the kind of record written (lead, contact...).</param>
/// <param name="CrmObjectId">On success: the record's id in the destination.</param>
/// <param name="Created">On success: true when the record was created, false when updated.</param>
public sealed record SyncOutcome(
    OutcomeClass Class,
    int? HttpStatus = null,
    string? Message = null,
    TimeSpan? RetryAfter = null,
    string? CrmObjectType = null,
    string? CrmObjectId = null,
    bool Created = false)
{
    public static SyncOutcome Success(string objectType, string objectId, bool created, int? httpStatus = null) =>
        new(OutcomeClass.Success, httpStatus, CrmObjectType: objectType, CrmObjectId: objectId, Created: created);

    public static SyncOutcome Throttled(TimeSpan? retryAfter, int? httpStatus, string? message = null) =>
        new(OutcomeClass.Throttled, httpStatus, message, retryAfter);

    public static SyncOutcome Transient(string message, int? httpStatus = null) => new(OutcomeClass.Transient, httpStatus, message);

    public static SyncOutcome AuthExpired(string message, int? httpStatus = null) => new(OutcomeClass.AuthExpired, httpStatus, message);

    public static SyncOutcome Conflict(string message, int? httpStatus = null) => new(OutcomeClass.Conflict, httpStatus, message);

    public static SyncOutcome Permanent(string message, int? httpStatus = null) => new(OutcomeClass.Permanent, httpStatus, message);
}
