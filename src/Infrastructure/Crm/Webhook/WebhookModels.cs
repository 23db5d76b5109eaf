using System.Text.Json;
using ActOnSync.Application.Sync;

namespace ActOnSync.Infrastructure.Crm.Webhook;

/// <summary>
/// The body the Webhook destination POSTs: one contact to upsert by its key, with the activity
/// that sent it. A contract with the target of its own, so it is spelled out here rather than
/// serialized from the application's types (renaming one of those must not change the wire).
/// </summary>
internal sealed record WebhookContactSync(
    string Type,
    Guid JobId,
    string Destination,
    Guid StepExecutionId,
    string RecId,
    string StepId,
    WebhookUpsertKey UpsertKey,
    IReadOnlyDictionary<string, string> Record,
    WebhookRecordRef? ExistingRecord,
    WebhookActivity Activity)
{
    public const string EventType = "actonsync.contact.sync";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookContactSync From(string destination, SyncDelivery delivery)
    {
        var (record, link, activity) = (delivery.Record, delivery.ExistingLink, delivery.Activity);
        return new WebhookContactSync(EventType, delivery.JobId, destination, delivery.StepExecutionId, delivery.RecId, delivery.StepId,
            new WebhookUpsertKey(record.KeyProperty, record.KeyValue),
            record.Fields,
            link is null ? null : new WebhookRecordRef(link.ObjectType, link.ObjectId),
            new WebhookActivity(activity.Subject, activity.Description, activity.OccurredAt, activity.ProgramId, activity.ProgramName,
                activity.StepId, activity.StepName, activity.AutomatedProgramLink, activity.ContactReportLink));
    }
}

internal sealed record WebhookUpsertKey(string Property, string Value);

/// <summary>The record this contact became at the target on an earlier sync (the id the target answered).</summary>
internal sealed record WebhookRecordRef(string ObjectType, string ObjectId);

internal sealed record WebhookActivity(
    string Subject,
    string Description,
    DateTimeOffset OccurredAt,
    string? ProgramId,
    string? ProgramName,
    string StepId,
    string? StepName,
    string? AutomatedProgramLink,
    string? ContactReportLink);
