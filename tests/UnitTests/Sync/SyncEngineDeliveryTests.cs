using System.Diagnostics;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.Sync;
using NSubstitute;

namespace ActOnSync.UnitTests.Sync;

/// <summary>How a batch goes through the adapter: failures of the call itself, shutdown, mapping, batches, retried jobs.</summary>
public sealed class SyncEngineDeliveryTests
{
    private static async Task<IReadOnlyList<SyncOutcome>> NeverAnswer(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new UnreachableException();
    }

    [Fact]
    public async Task Adapter_exception_is_a_transient_failure_with_its_message()
    {
        var h = new EngineHarness();
        h.AdapterDoes(_ => throw new HttpRequestException("Connection refused (crm.example.com:443)"));

        var completion = await h.CompleteOneAsync(SyncFixtures.Job());

        Assert.Equal(OutcomeClass.Transient, completion.Attempt.Outcome);
        Assert.Equal("Connection refused (crm.example.com:443)", completion.Attempt.Message);
        Assert.Null(completion.Attempt.HttpStatus);
        Assert.Equal(SyncJobStatus.Pending, completion.Next.Status);
        Assert.True(completion.Next.CountsAsFailure);
    }

    [Fact]
    public async Task Adapter_that_does_not_answer_in_time_is_a_transient_failure()
    {
        var h = new EngineHarness(requestTimeoutSeconds: 0.2);
        h.AdapterDoes(NeverAnswer);

        var completion = await h.CompleteOneAsync(SyncFixtures.Job());

        Assert.Equal(OutcomeClass.Transient, completion.Attempt.Outcome);
        Assert.StartsWith("No answer within ", completion.Attempt.Message);
        Assert.Equal(SyncJobStatus.Pending, completion.Next.Status);
        await h.Store.DidNotReceiveWithAnyArgs().ReleaseAsync(default!, default);
    }

    [Fact]
    public async Task Adapter_cancelling_on_its_own_is_a_transient_failure_with_its_message()
    {
        var h = new EngineHarness();
        h.AdapterDoes(_ => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout."));

        var completion = await h.CompleteOneAsync(SyncFixtures.Job());

        Assert.Equal(OutcomeClass.Transient, completion.Attempt.Outcome);
        Assert.Equal("The request was canceled due to the configured HttpClient.Timeout.", completion.Attempt.Message);
        await h.Store.DidNotReceiveWithAnyArgs().ReleaseAsync(default!, default);
    }

    [Fact]
    public async Task Shutdown_during_delivery_releases_the_batch_without_recording_an_attempt()
    {
        var h = new EngineHarness();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.AdapterDoes(token =>
        {
            entered.SetResult();
            return NeverAnswer(token);
        });
        using var stopping = new CancellationTokenSource();
        ClaimedJob[] batch = [SyncFixtures.Job(), SyncFixtures.Job()];

        var run = h.RunAsync(batch, stopping.Token);
        await entered.Task;
        await stopping.CancelAsync();
        await run;

        await h.Store.Received(1).ReleaseAsync(
            Arg.Is<IReadOnlyList<ClaimedJob>>(jobs => jobs.SequenceEqual(batch)), Arg.Any<CancellationToken>());
        await h.Store.DidNotReceiveWithAnyArgs().CompleteAsync(default!, default);
    }

    [Fact]
    public async Task Shutdown_releases_only_the_jobs_that_were_sent()
    {
        var h = new EngineHarness();
        using var stopping = new CancellationTokenSource();
        h.AdapterDoes(async token =>
        {
            await stopping.CancelAsync();
            return await NeverAnswer(token);
        });
        var unmappable = SyncFixtures.Job("""{"First Name": "Dana"}""");
        var sent = SyncFixtures.Job();

        await h.RunAsync([unmappable, sent], stopping.Token);

        await h.Store.Received(1).ReleaseAsync(Arg.Is<IReadOnlyList<ClaimedJob>>(jobs => jobs.SequenceEqual(new[] { sent })),
            Arg.Any<CancellationToken>());
        Assert.Equal(SyncJobStatus.DeadLettered, h.CompletionOf(unmappable).Next.Status);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public async Task Job_whose_stored_contact_fields_are_unreadable_dead_letters_instead_of_poisoning_the_batch(string contactJson)
    {
        var h = new EngineHarness();
        var good = SyncFixtures.Job();
        h.AdapterAnswers(SyncOutcome.Success("lead", "00Q1", created: true));
        var unreadable = SyncFixtures.Job(contactJson);

        await h.RunAsync(unreadable, good);

        Assert.Equal(SyncJobStatus.DeadLettered, h.CompletionOf(unreadable).Next.Status);
        Assert.Contains("not a JSON object", h.CompletionOf(unreadable).Attempt.Message);
        Assert.Equal(SyncJobStatus.Delivered, h.CompletionOf(good).Next.Status);
    }

    [Fact]
    public async Task Job_whose_required_field_is_missing_dead_letters_without_calling_the_adapter()
    {
        var h = new EngineHarness();

        var completion = await h.CompleteOneAsync(SyncFixtures.Job("""{"First Name": "Dana", "E-mail Address": "  "}"""));

        Assert.Equal(NextStep.DeadLetter(countsAsFailure: true), completion.Next);
        Assert.Equal(OutcomeClass.Permanent, completion.Attempt.Outcome);
        Assert.Contains("'email'", completion.Attempt.Message);
        Assert.Contains("'E-mail Address'", completion.Attempt.Message);
        Assert.Equal(TimeSpan.Zero, completion.Attempt.Duration);
        await h.Adapter.DidNotReceiveWithAnyArgs().DeliverAsync(default!, default);
    }

    [Fact]
    public async Task Batch_with_mixed_outcomes_completes_each_job_with_its_own_outcome()
    {
        var h = new EngineHarness();
        h.AdapterAnswers(
            SyncOutcome.Success("contact", "512", created: false, 200),
            SyncOutcome.Transient("503 Service Unavailable", 503),
            SyncOutcome.Permanent("PROPERTY_DOESNT_EXIST: jobtitle", 400));
        ClaimedJob[] batch = [SyncFixtures.Job(), SyncFixtures.Job(), SyncFixtures.Job()];

        await h.RunAsync(batch);

        Assert.Equal(3, h.Completions.Count);
        Assert.Equal(batch.Select(j => j.JobId), Assert.Single(h.Deliveries).Select(d => d.JobId));
        var delivered = h.CompletionOf(batch[0]);
        Assert.Equal(SyncJobStatus.Delivered, delivered.Next.Status);
        Assert.Equal(new CrmLink("contact", "512"), delivered.Link);
        var retried = h.CompletionOf(batch[1]);
        Assert.Equal((SyncJobStatus.Pending, "503 Service Unavailable"), (retried.Next.Status, retried.Attempt.Message));
        Assert.Null(retried.Link);
        var deadLettered = h.CompletionOf(batch[2]);
        Assert.Equal((SyncJobStatus.DeadLettered, "PROPERTY_DOESNT_EXIST: jobtitle"),
            (deadLettered.Next.Status, deadLettered.Attempt.Message));
    }

    [Fact]
    public async Task Adapter_answering_the_wrong_number_of_outcomes_fails_the_whole_batch_transiently()
    {
        var h = new EngineHarness();
        h.AdapterAnswers(SyncOutcome.Success("lead", "1", created: true));
        ClaimedJob[] batch = [SyncFixtures.Job(), SyncFixtures.Job()];

        await h.RunAsync(batch);

        Assert.Equal(2, h.Completions.Count);
        Assert.All(batch, job =>
        {
            var completion = h.CompletionOf(job);
            Assert.Equal(OutcomeClass.Transient, completion.Attempt.Outcome);
            Assert.Contains("1 outcomes for 2 deliveries", completion.Attempt.Message);
            Assert.Null(completion.Link);
        });
    }

    [Fact]
    public async Task Job_handed_back_after_its_lease_expired_is_delivered_with_its_existing_link()
    {
        var h = new EngineHarness();
        h.AdapterAnswers(SyncOutcome.Success("lead", "00Q1", created: false));
        var link = new CrmLink("lead", "00Q1");
        var job = SyncFixtures.Job() with { Attempts = 1, Failures = 1, ExistingLink = link };

        var completion = await h.CompleteOneAsync(job);

        Assert.Equal(link, Assert.Single(Assert.Single(h.Deliveries)).ExistingLink);
        Assert.Equal(job.JobId, Assert.Single(h.Deliveries)[0].JobId);
        Assert.Equal(SyncJobStatus.Delivered, completion.Next.Status);
    }

    [Fact]
    public async Task Completion_is_recorded_even_when_stopping_was_requested()
    {
        var h = new EngineHarness();
        using var stopping = new CancellationTokenSource();
        h.AdapterDoes(async _ =>
        {
            await stopping.CancelAsync();
            return [SyncOutcome.Success("lead", "1", created: true)];
        });

        await h.RunAsync([SyncFixtures.Job()], stopping.Token);

        await h.Store.Received(1).CompleteAsync(Arg.Any<JobCompletion>(), CancellationToken.None);
        await h.Store.DidNotReceiveWithAnyArgs().ReleaseAsync(default!, default);
    }
}
