using System.Text.Json;
using ActOnSync.Application.Quarantine.ListQuarantine;
using ActOnSync.Application.StepExecutions.GetStepExecution;
using ActOnSync.Application.StepExecutions.ListStepExecutions;
using ActOnSync.Application.Sync;
using ActOnSync.Application.Sync.GetSyncJob;
using ActOnSync.Application.Sync.ListDestinations;
using ActOnSync.Application.Sync.ListSyncJobs;
using ActOnSync.Domain.Sync;

namespace ActOnSync.IntegrationTests.Stores;

/// <summary>The read side: the query API's SQL, filters and keyset paging.</summary>
public abstract partial class StoreContract
{
    [SkippableFact]
    public async Task Step_executions_page_newest_first_without_gaps_or_repeats()
    {
        var stored = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var execution = Execution(recId: $"l-{i}:1", receivedAt: T0.AddMinutes(i));
            await Executions.TryAddAsync(execution, [], CancellationToken.None);
            stored.Add(execution.Id);
        }

        var first = await SendAsync(new ListStepExecutions(Limit: 2));
        var second = await SendAsync(new ListStepExecutions(Limit: 2, After: Guid.Parse(first.Next!)));
        var third = await SendAsync(new ListStepExecutions(Limit: 2, After: Guid.Parse(second.Next!)));

        Assert.Equal(stored.AsEnumerable().Reverse().Select(id => id.ToString()),
            first.Items.Concat(second.Items).Concat(third.Items).Select(e => e.Id));
        Assert.Null(third.Next);
        var filtered = await SendAsync(new ListStepExecutions(RecId: "l-3:1", ReceivedFrom: T0.AddMinutes(3), ReceivedTo: T0.AddMinutes(4)));
        var only = Assert.Single(filtered.Items);
        Assert.Equal(("l-3:1", "3", "00-0001", T0.AddMinutes(3), T0), (only.RecId, only.StepId, only.ProgramId, only.ReceivedAt, only.ExecutedAt));
    }

    [SkippableFact]
    public async Task One_step_execution_comes_back_with_its_fields_and_raw_body()
    {
        var execution = Execution();
        await Executions.TryAddAsync(execution, [], CancellationToken.None);

        var details = await SendAsync(new GetStepExecution(execution.Id));

        Assert.NotNull(details);
        Assert.Equal(execution.MessageId, details.MessageId);
        Assert.Equal("dana@example.com", details.ContactFields.GetProperty("E-mail Address").GetString());
        Assert.Equal(System.Text.Encoding.UTF8.GetString(execution.RawBody.Span), details.RawBody);
        Assert.Null(await SendAsync(new GetStepExecution(Guid.CreateVersion7())));
    }

    [SkippableFact]
    public async Task Sync_jobs_are_listed_by_status_with_their_attempts_and_counted_per_destination()
    {
        var delivered = await StoreWithJobAsync(recId: "l-1:1");
        var pending = await StoreWithJobAsync(recId: "l-2:1");
        var job = Assert.Single(await ClaimAsync(T0, max: 1));
        await Jobs.CompleteAsync(Completion(job, T0.AddSeconds(1), NextStep.Delivered(), new CrmLink("lead", "L-1")), CancellationToken.None);

        var deliveredPage = await SendAsync(new ListSyncJobs(Status: SyncJobStatus.Delivered));
        var byRecId = await SendAsync(new ListSyncJobs(RecId: "l-2:1", Destination: Destination));
        var details = await SendAsync(new GetSyncJob(delivered.Id));
        var destinations = await SendAsync(new ListDestinations());

        Assert.Equal(delivered.Id.ToString(), Assert.Single(deliveredPage.Items).Id);
        Assert.Equal(pending.Id.ToString(), Assert.Single(byRecId.Items).Id);
        Assert.NotNull(details);
        Assert.Equal(("delivered", 1, "L-1"), (details.Job.Status, details.Job.Attempts, details.Job.CrmObjectId));
        var attempt = Assert.Single(details.Attempts);
        Assert.Equal(("Success", 200, T0.AddSeconds(1), 12L), (attempt.Outcome, attempt.HttpStatus, attempt.AttemptedAt, attempt.DurationMs));
        var counts = Assert.Single(destinations, d => d.Name == Destination).State.Jobs;
        Assert.Equal((1L, 1L, 0L), (counts["delivered"], counts["pending"], counts["dead_lettered"]));
    }

    [SkippableFact]
    public async Task Quarantined_deliveries_page_newest_first_with_the_body_as_received()
    {
        for (var i = 0; i < 3; i++)
            await Quarantine.AddAsync(Quarantined($"msg_{i}", T0.AddMinutes(i)), CancellationToken.None);

        var first = await SendAsync(new ListQuarantine(Limit: 2));
        var second = await SendAsync(new ListQuarantine(Limit: 2, After: Guid.Parse(first.Next!)));

        Assert.Equal(["msg_2", "msg_1", "msg_0"], first.Items.Concat(second.Items).Select(q => q.MessageId));
        var item = first.Items[0];
        Assert.Null(item.RawBody); // not UTF-8: only the base64 form
        Assert.Equal("e/99", item.RawBodyBase64);
        Assert.Equal("application/json", item.Headers.GetProperty("content-type").GetString());
        Assert.Equal(JsonValueKind.Object, item.Headers.ValueKind);
    }
}
