using System.Security.Cryptography;
using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Sync;

/// <summary>Answers that retrying cannot fix, and failures that never end: dead-lettered with the target's words.</summary>
public sealed class WebhookDeadLetterTests : WebhookSyncTest
{
    [Theory]
    [InlineData(400, "Permanent", "HTTP 400")]
    [InlineData(404, "Permanent", "HTTP 404")]
    [InlineData(422, "Permanent", "HTTP 422")]
    [InlineData(409, "Conflict", "HTTP 409")]
    [InlineData(401, "Permanent", "Destinations:hook:Secret")]
    [InlineData(403, "Permanent", "Destinations:hook:Secret")]
    public async Task Client_error_is_dead_lettered_at_once_with_the_targets_message(int status, string outcome, string messagePart)
    {
        Target.Script(new TargetAnswer(status, """{"error":"email is not valid here"}"""));
        StartService();

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "dead_lettered");

        var job = Job(jobId);
        Assert.Equal((1L, outcome), (job.Attempts, job.LastOutcome));
        Assert.Contains(messagePart, job.LastError);
        Assert.Contains("""{"error":"email is not valid here"}""", job.LastError);
        Assert.Equal(status, Assert.Single(Attempts(jobId)).HttpStatus);
        Assert.Single(Target.Requests);
        Assert.Empty(Target.EffectiveDeliveries);
    }

    [Fact]
    public async Task Long_answer_is_kept_up_to_its_first_thousand_characters()
    {
        Target.Script(new TargetAnswer(400, new string('a', 1000) + new string('b', 4000)));
        StartService();

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "dead_lettered");

        var error = Job(jobId).LastError;
        Assert.Contains(new string('a', 1000), error);
        Assert.DoesNotContain("ab", error);
    }

    [Fact]
    public async Task Redirect_is_not_followed_and_dead_letters_naming_the_url_key()
    {
        Target.Script(new TargetAnswer(301, Location: Target.Url.AbsoluteUri + "/moved"));
        StartService();

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "dead_lettered");

        var job = Job(jobId);
        Assert.Equal("Permanent", job.LastOutcome);
        Assert.Contains("HTTP 301", job.LastError);
        Assert.Contains("/hook/moved", job.LastError);
        Assert.Contains("Destinations:hook:Url", job.LastError);
        Assert.Single(Target.Requests);
    }

    [Fact]
    public async Task Target_that_verifies_with_another_secret_refuses_the_signature_and_the_job_is_dead_lettered()
    {
        await Target.DisposeAsync();
        Target = await ScriptedTarget.StartAsync("whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        StartService();

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "dead_lettered");

        Assert.NotNull(Assert.Single(Target.Requests).SignatureFailure);
        var job = Job(jobId);
        Assert.Equal("Permanent", job.LastOutcome);
        Assert.Contains("HTTP 401", job.LastError);
        Assert.Contains("Destinations:hook:Secret", job.LastError);
        Assert.Contains("No signature matches", job.LastError);
    }

    [Fact]
    public async Task Server_error_every_time_is_dead_lettered_after_max_attempts()
    {
        Target.Script([.. Enumerable.Repeat(new TargetAnswer(500, "still down"), 10)]);
        StartService(("Sync:MaxAttempts", "3"));

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "dead_lettered");

        var job = Job(jobId);
        Assert.Equal((3L, 3L, "Transient"), (job.Attempts, job.Failures, job.LastOutcome));
        Assert.Contains("still down", job.LastError);
        Assert.Equal(["Transient", "Transient", "Transient"], Attempts(jobId).Select(a => a.Outcome));
        Assert.Equal(3, Target.Requests.Count);
        Assert.Empty(Target.EffectiveDeliveries);
        Assert.Equal(0, Host.Count("crm_links"));
    }
}
