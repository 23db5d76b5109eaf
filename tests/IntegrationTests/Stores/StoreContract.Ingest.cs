using ActOnSync.Application.Quarantine;

namespace ActOnSync.IntegrationTests.Stores;

/// <summary>Dedupe and the outbox.</summary>
public abstract partial class StoreContract
{
    [SkippableFact]
    public async Task A_new_execution_is_stored_with_its_jobs()
    {
        var execution = Execution();
        var result = await Executions.TryAddAsync(execution, [JobFor(execution), JobFor(execution, "other")], CancellationToken.None);

        Assert.True(result.Added);
        Assert.Equal(execution.Id, result.Id);
        Assert.Equal(1, await CountAsync("step_executions", "id = @Id", new { Id = execution.Id.ToString() }));
        Assert.Equal(2, await CountAsync("sync_jobs", "step_execution_id = @Id AND status = 'pending'", new { Id = execution.Id.ToString() }));
    }

    [SkippableFact]
    public async Task A_retried_message_is_a_duplicate_and_writes_nothing()
    {
        var first = Execution(messageId: "msg_1");
        await Executions.TryAddAsync(first, [JobFor(first)], CancellationToken.None);
        var retry = Execution(recId: "l-0002:1", messageId: "msg_1");

        var result = await Executions.TryAddAsync(retry, [JobFor(retry)], CancellationToken.None);

        Assert.Equal((false, first.Id), (result.Added, result.Id));
        Assert.Equal(1, await CountAsync("step_executions"));
        Assert.Equal(1, await CountAsync("sync_jobs"));
    }

    [SkippableFact]
    public async Task The_same_contact_and_step_under_a_new_message_id_is_a_duplicate()
    {
        var first = Execution();
        await Executions.TryAddAsync(first, [JobFor(first)], CancellationToken.None);
        var again = Execution();

        var result = await Executions.TryAddAsync(again, [JobFor(again)], CancellationToken.None);

        Assert.Equal((false, first.Id), (result.Added, result.Id));
        Assert.Equal(1, await CountAsync("step_executions"));
        Assert.Equal(1, await CountAsync("sync_jobs"));
    }

    [SkippableFact]
    public async Task Concurrent_deliveries_of_one_contact_step_store_one_row_and_one_job()
    {
        // Half retry one message id, half are new message ids for the same (recId, stepId).
        var executions = Enumerable.Range(0, 24).Select(i => Execution(messageId: i % 2 == 0 ? "msg_same" : null)).ToList();

        var results = await Task.WhenAll(executions.Select(e => Task.Run(() => Executions.TryAddAsync(e, [JobFor(e)], CancellationToken.None))));

        var winner = Assert.Single(results, r => r.Added);
        Assert.All(results, r => Assert.Equal(winner.Id, r.Id));
        Assert.Equal(1, await CountAsync("step_executions"));
        Assert.Equal(1, await CountAsync("sync_jobs", "step_execution_id = @Id", new { Id = winner.Id.ToString() }));
    }

    [SkippableFact]
    public async Task An_execution_whose_jobs_cannot_be_written_is_not_stored_either()
    {
        var execution = Execution();
        // Two jobs for one destination break the outbox's unique key: the whole transaction must go.
        await Assert.ThrowsAnyAsync<Exception>(() => Executions.TryAddAsync(execution, [JobFor(execution), JobFor(execution)], CancellationToken.None));

        Assert.Equal(0, await CountAsync("step_executions"));
        Assert.Equal(0, await CountAsync("sync_jobs"));
        var retry = Execution();
        Assert.True((await Executions.TryAddAsync(retry, [JobFor(retry)], CancellationToken.None)).Added);
    }

    [SkippableFact]
    public async Task One_bad_event_among_concurrent_ones_fails_alone()
    {
        // Queued together, so that they share transactions (group commit): the bad one must not take the others down.
        var good = Enumerable.Range(0, 40).Select(i => Execution(recId: $"l-{i}:1")).ToList();
        var bad = Execution(recId: "l-bad:1");
        var writes = good.Take(20).Select(e => Executions.TryAddAsync(e, [JobFor(e)], CancellationToken.None))
            .Append(Executions.TryAddAsync(bad, [JobFor(bad), JobFor(bad)], CancellationToken.None))
            .Concat(good.Skip(20).Select(e => Executions.TryAddAsync(e, [JobFor(e)], CancellationToken.None)))
            .ToList();

        await Assert.ThrowsAnyAsync<Exception>(() => writes[20]);
        var results = await Task.WhenAll(writes.Where((_, i) => i != 20));

        Assert.All(results, r => Assert.True(r.Added));
        Assert.Equal(40, await CountAsync("step_executions"));
        Assert.Equal(40, await CountAsync("sync_jobs"));
        Assert.Equal(0, await CountAsync("step_executions", "rec_id = 'l-bad:1'"));
    }

    [SkippableFact]
    public async Task Quarantine_counts_the_retries_of_one_message_on_one_row()
    {
        var first = Quarantined("msg_bad");
        var id = await Quarantine.AddAsync(first, CancellationToken.None);
        var retryId = await Quarantine.AddAsync(Quarantined("msg_bad", T0.AddMinutes(5)), CancellationToken.None);
        var unnamed = await Task.WhenAll(Quarantine.AddAsync(Quarantined(null), CancellationToken.None), Quarantine.AddAsync(Quarantined(null), CancellationToken.None));

        Assert.Equal(first.Id, id);
        Assert.Equal(id, retryId);
        Assert.Equal(1, await CountAsync("quarantined_deliveries", "id = @Id AND deliveries = 2 AND last_received_at = @At",
            new { Id = id.ToString(), At = T0.AddMinutes(5).ToUnixTimeMilliseconds() }));
        Assert.NotEqual(unnamed[0], unnamed[1]);
        Assert.Equal(3, await CountAsync("quarantined_deliveries"));
    }

    private static QuarantinedDelivery Quarantined(string? messageId, DateTimeOffset? at = null) =>
        new(Guid.CreateVersion7(at ?? DateTimeOffset.UtcNow), messageId, "/webhooks/acton/automated-program-step.executed", "recId is missing",
            new byte[] { 0x7B, 0xFF, 0x7D }, """{"content-type":"application/json"}""", at ?? T0);
}
