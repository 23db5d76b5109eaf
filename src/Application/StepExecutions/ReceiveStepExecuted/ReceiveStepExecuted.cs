using System.Text.Json;
using ActOnSync.Application.Quarantine;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.StepExecutions;
using ActOnSync.Domain.Sync;
using MediatR;

namespace ActOnSync.Application.StepExecutions.ReceiveStepExecuted;

/// <summary>An authentic <c>automated-program-step.executed</c> delivery, body exactly as received.</summary>
/// <param name="Headers">The request headers of interest, kept (as JSON) only if the body is quarantined.</param>
public sealed record ReceiveStepExecuted(string MessageId, ReadOnlyMemory<byte> Body, IReadOnlyDictionary<string, string> Headers)
    : IRequest<ReceiveResult>
{
    public const string Endpoint = "automated-program-step.executed";
}

public enum ReceiveStatus
{
    Accepted,
    Duplicate,
    Quarantined,
}

/// <param name="Id">The step execution's id, or the quarantine row's id when quarantined.</param>
/// <param name="Reason">Why the body could not be used (quarantined only).</param>
public sealed record ReceiveResult(ReceiveStatus Status, Guid Id, string? Reason = null);

public sealed class ReceiveStepExecutedHandler(IStepExecutionStore store, IQuarantineStore quarantine,
    IDestinationCatalog destinations, SyncWakeUp wakeUp, IngestPressure pressure, TimeProvider clock)
    : IRequestHandler<ReceiveStepExecuted, ReceiveResult>
{
    public async Task<ReceiveResult> Handle(ReceiveStepExecuted request, CancellationToken cancellationToken)
    {
        var receivedAt = clock.GetUtcNow();
        pressure.Note();
        var payload = StepExecutedPayload.Parse(request.Body, out var error);
        if (payload is null)
        {
            var delivery = new QuarantinedDelivery(Guid.CreateVersion7(receivedAt), request.MessageId,
                ReceiveStepExecuted.Endpoint, error!, request.Body, JsonSerializer.Serialize(request.Headers), receivedAt);
            var quarantineId = await quarantine.AddAsync(delivery, cancellationToken);
            return new ReceiveResult(ReceiveStatus.Quarantined, quarantineId, error);
        }

        var execution = new StepExecution(Guid.CreateVersion7(receivedAt), request.MessageId, payload.RecId,
            payload.StepId, payload.Context, payload.ExecutedAt, receivedAt, payload.ContactFieldsJson, request.Body);
        var jobs = destinations.All
            .Where(d => d.Enabled)
            .Select(d => new SyncJob(Guid.CreateVersion7(receivedAt), execution.Id, d.Name, execution.RecId.Value, receivedAt))
            .ToList();
        var added = await store.TryAddAsync(execution, jobs, cancellationToken);
        if (added.Added && jobs.Count > 0)
            wakeUp.Signal();
        return new ReceiveResult(added.Added ? ReceiveStatus.Accepted : ReceiveStatus.Duplicate, added.Id);
    }
}
