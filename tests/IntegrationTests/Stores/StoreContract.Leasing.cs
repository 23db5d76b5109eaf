using System.Collections.Concurrent;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;

namespace ActOnSync.IntegrationTests.Stores;

/// <summary>Sync jobs under lease: one worker at a time per job.</summary>
public abstract partial class StoreContract
{
    [SkippableFact]
    public async Task Two_workers_claiming_at_once_never_hold_the_same_job()
    {
        for (var i = 0; i < 120; i++)
            await StoreWithJobAsync(recId: $"l-{i}:1");
        var claims = new ConcurrentBag<Guid>();

        async Task Worker()
        {
            while (await ClaimAsync(T0, max: 7) is { Count: > 0 } claimed)
                foreach (var job in claimed)
                    claims.Add(job.JobId);
        }

        await Task.WhenAll(Task.Run(Worker), Task.Run(Worker), Task.Run(Worker));

        Assert.Equal(120, claims.Count);
        Assert.Equal(120, claims.Distinct().Count());
        Assert.Equal(120, await CountAsync("sync_jobs", "status = 'in_progress'"));
    }

    [SkippableFact]
    public async Task A_claim_takes_due_jobs_only_oldest_first_with_their_execution_and_link()
    {
        var first = await StoreWithJobAsync(recId: "l-1:1");
        var second = await StoreWithJobAsync(recId: "l-2:1");

        Assert.Empty(await ClaimAsync(T0.AddMilliseconds(-1)));
        var claimed = await ClaimAsync(T0, max: 1);

        var job = Assert.Single(claimed);
        Assert.Equal((first.Id, first.StepExecutionId, "l-1:1", "3", Destination), (job.JobId, job.StepExecutionId, job.RecId, job.StepId, job.Destination));
        Assert.Equal(("00-0001", "MQL handoff", "Send to CRM"), (job.Context.ProgramId, job.Context.ProgramName, job.Context.StepName));
        Assert.Equal("""{"E-mail Address":"dana@example.com"}""", job.ContactFieldsJson);
        Assert.Equal(T0, job.ReceivedAt);
        Assert.Null(job.ExistingLink);
        Assert.Equal(second.Id, Assert.Single(await ClaimAsync(T0)).JobId);
    }

    [SkippableFact]
    public async Task An_expired_lease_hands_the_job_on_and_the_first_worker_can_no_longer_record()
    {
        var stored = await StoreWithJobAsync();
        var first = Assert.Single(await ClaimAsync(T0, lease: TimeSpan.FromSeconds(30)));

        Assert.Empty(await ClaimAsync(T0.AddSeconds(29)));
        var second = Assert.Single(await ClaimAsync(T0.AddSeconds(30)));

        Assert.Equal(stored.Id, second.JobId);
        Assert.NotEqual(first.LeaseToken, second.LeaseToken);
        Assert.False(await Jobs.CompleteAsync(Completion(first, T0.AddSeconds(31), NextStep.Delivered()), CancellationToken.None));
        Assert.True(await Jobs.CompleteAsync(Completion(second, T0.AddSeconds(32), NextStep.Delivered()), CancellationToken.None));
        Assert.Equal(1, await CountAsync("sync_attempts"));
        Assert.Equal(1, await CountAsync("sync_jobs", "status = 'delivered' AND attempts = 1 AND lease_token IS NULL"));
    }

    [SkippableFact]
    public async Task Completing_records_the_attempt_and_the_link_later_jobs_of_the_contact_see()
    {
        await StoreWithJobAsync(stepId: "3");
        var job = Assert.Single(await ClaimAsync(T0));

        await Jobs.CompleteAsync(Completion(job, T0.AddSeconds(1), NextStep.Delivered(), new CrmLink("lead", "L-1")), CancellationToken.None);
        await StoreWithJobAsync(stepId: "4");
        var later = Assert.Single(await ClaimAsync(T0.AddSeconds(2)));
        await Jobs.CompleteAsync(Completion(later, T0.AddSeconds(3), NextStep.Delivered(), new CrmLink("lead", "L-2")), CancellationToken.None);

        Assert.Equal(new CrmLink("lead", "L-1"), later.ExistingLink);
        Assert.Equal(1, await CountAsync("crm_links", "destination = @Destination AND rec_id = 'l-0001:1' AND crm_object_id = 'L-2' AND first_synced_at = @First",
            new { Destination, First = T0.AddSeconds(1).ToUnixTimeMilliseconds() }));
        Assert.Equal(1, await CountAsync("sync_jobs", "id = @Id AND crm_object_type = 'lead' AND crm_object_id = 'L-1'", new { Id = job.JobId.ToString() }));
    }

    [SkippableFact]
    public async Task A_failed_attempt_schedules_the_retry_and_counts_the_failure()
    {
        await StoreWithJobAsync();
        var job = Assert.Single(await ClaimAsync(T0));

        await Jobs.CompleteAsync(Completion(job, T0, NextStep.Retry(T0.AddMinutes(5), countsAsFailure: true), outcome: OutcomeClass.Transient, httpStatus: 503),
            CancellationToken.None);

        Assert.Empty(await ClaimAsync(T0.AddMinutes(5).AddMilliseconds(-1)));
        var retried = Assert.Single(await ClaimAsync(T0.AddMinutes(5)));
        Assert.Equal((1, 1), (retried.Attempts, retried.Failures));
        Assert.Equal(1, await CountAsync("sync_attempts", "outcome = 'Transient' AND http_status = 503 AND message = 'failed' AND duration_ms = 12"));
    }

    [SkippableFact]
    public async Task Released_jobs_are_due_again_at_once()
    {
        await StoreWithJobAsync(recId: "l-1:1");
        await StoreWithJobAsync(recId: "l-2:1");
        var claimed = await ClaimAsync(T0);

        await Jobs.ReleaseAsync(claimed, CancellationToken.None);

        Assert.Equal(2, await CountAsync("sync_jobs", "status = 'pending' AND lease_token IS NULL"));
        Assert.Equal(2, (await ClaimAsync(DateTimeOffset.UtcNow)).Count);
    }

    [SkippableFact]
    public async Task Requeue_replays_dead_letters_and_leaves_jobs_in_progress_alone()
    {
        await StoreWithJobAsync(recId: "l-1:1");
        await StoreWithJobAsync(recId: "l-2:1");
        var dead = (await ClaimAsync(T0, max: 1)).Single();
        await Jobs.CompleteAsync(Completion(dead, T0, NextStep.DeadLetter(countsAsFailure: true), outcome: OutcomeClass.Permanent, httpStatus: 400),
            CancellationToken.None);
        var inProgress = (await ClaimAsync(T0, max: 1)).Single();

        var requeued = await Jobs.RequeueAsync(new RequeueFilter(Destination: Destination), T0.AddHours(1), CancellationToken.None);

        Assert.Equal(1, requeued);
        Assert.Equal(1, await CountAsync("sync_jobs", "id = @Id AND status = 'pending' AND failures = 0", new { Id = dead.JobId.ToString() }));
        Assert.Equal(1, await CountAsync("sync_jobs", "id = @Id AND status = 'in_progress'", new { Id = inProgress.JobId.ToString() }));
        Assert.Equal(0, await Jobs.RequeueAsync(new RequeueFilter(JobId: inProgress.JobId), T0.AddHours(1), CancellationToken.None));
        Assert.Equal(1, await Jobs.RequeueAsync(new RequeueFilter(Status: SyncJobStatus.Pending, Since: T0), T0.AddHours(1), CancellationToken.None));
    }
}
