using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActOnSync.IntegrationTests.Support;
using Dapper;

namespace ActOnSync.IntegrationTests.Sync;

/// <summary>
/// The admin side of the sync through the built-in <c>local</c> destination: a contact without an
/// e-mail address is dead-lettered by the mapping (its upsert key is empty) at every attempt.
/// </summary>
public sealed class SyncAdminApiTests : ServiceTest
{
    private readonly HttpClient _admin;

    public SyncAdminApiTests() => _admin = Host.CreateAdminClient();

    private async Task<string> PostAsync(string recId, string email = "dana.lee@example.com")
    {
        var response = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(recId, email: email)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    /// <returns>The id of the contact's job, once its attempts are done.</returns>
    private async Task<string> SyncedAsync(string recId, string status, int attempts = 1)
    {
        await Eventually.HoldsAsync(
            () => Host.Count("sync_jobs", "rec_id = @recId AND status = @status AND attempts = @attempts", new { recId, status, attempts }) == 1,
            $"the job of {recId} is {status} after {attempts} attempts");
        using var db = Host.OpenDatabase();
        return db.QuerySingle<string>("SELECT id FROM sync_jobs WHERE rec_id = @recId", new { recId });
    }

    private async Task<JsonElement> GetAsync(string url)
    {
        var response = await _admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private Task<HttpResponseMessage> ReplayAsync(string json) =>
        _admin.PostAsync("/api/sync-jobs/retry", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<int> RequeuedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("requeued").GetInt32();
    }

    private static string[] Jobs(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task Every_sync_route_requires_the_admin_key()
    {
        var id = Guid.NewGuid();
        foreach (var (method, url) in new[]
        {
            (HttpMethod.Get, "/api/sync-jobs"), (HttpMethod.Get, $"/api/sync-jobs/{id}"), (HttpMethod.Post, $"/api/sync-jobs/{id}/retry"),
            (HttpMethod.Post, "/api/sync-jobs/retry"), (HttpMethod.Get, "/api/destinations"),
        })
        {
            var request = new HttpRequestMessage(method, url) { Content = method == HttpMethod.Post ? JsonContent.Create(new { status = "dead_lettered" }) : null };
            await (await Client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Unauthorized, "X-Api-Key");
        }
    }

    [Fact]
    public async Task Jobs_are_listed_newest_first_and_filtered_by_status_destination_and_contact()
    {
        var first = await PostAsync("l-1:1");
        var dead = await PostAsync("l-2:2", email: "");
        await PostAsync("l-3:3");
        var j1 = await SyncedAsync("l-1:1", "delivered");
        var j2 = await SyncedAsync("l-2:2", "dead_lettered");
        var j3 = await SyncedAsync("l-3:3", "delivered");

        Assert.Equal([j3, j2, j1], Jobs(await GetAsync("/api/sync-jobs")));
        Assert.Equal([j3, j1], Jobs(await GetAsync("/api/sync-jobs?status=delivered")));
        Assert.Equal([j3, j2, j1], Jobs(await GetAsync("/api/sync-jobs?destination=local")));
        Assert.Empty(Jobs(await GetAsync("/api/sync-jobs?destination=elsewhere")));
        Assert.Equal([j1], Jobs(await GetAsync("/api/sync-jobs?recId=l-1:1")));
        Assert.Empty(Jobs(await GetAsync("/api/sync-jobs?status=dead_lettered&recId=l-1:1")));

        var letter = Assert.Single((await GetAsync("/api/sync-jobs?status=dead_lettered")).GetProperty("items").EnumerateArray());
        Assert.Equal(j2, letter.GetProperty("id").GetString());
        Assert.Equal(dead, letter.GetProperty("stepExecutionId").GetString());
        Assert.Equal("local", letter.GetProperty("destination").GetString());
        Assert.Equal("l-2:2", letter.GetProperty("recId").GetString());
        Assert.Equal("dead_lettered", letter.GetProperty("status").GetString());
        Assert.Equal(1, letter.GetProperty("attempts").GetInt32());
        Assert.Equal(1, letter.GetProperty("failures").GetInt32());
        Assert.Equal(JsonValueKind.Null, letter.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, letter.GetProperty("leaseUntil").ValueKind);
        Assert.Equal("Permanent", letter.GetProperty("lastOutcome").GetString());
        Assert.Contains("The required property 'email' is empty", letter.GetProperty("lastError").GetString());
        Assert.Equal(JsonValueKind.Null, letter.GetProperty("crmObjectId").ValueKind);
        Assert.True(letter.GetProperty("updatedAt").GetDateTimeOffset() >= letter.GetProperty("createdAt").GetDateTimeOffset());

        var delivered = (await GetAsync("/api/sync-jobs?recId=l-1:1")).GetProperty("items")[0];
        Assert.Equal(first, delivered.GetProperty("stepExecutionId").GetString());
        Assert.Equal("lead", delivered.GetProperty("crmObjectType").GetString());
        Assert.False(string.IsNullOrEmpty(delivered.GetProperty("crmObjectId").GetString()));
    }

    [Fact]
    public async Task Keyset_paging_walks_every_job_once_newest_first()
    {
        var posted = new List<string>();
        for (var i = 0; i < 5; i++)
            posted.Add(await PostAsync($"l-{i}:1"));

        var pages = await Pages.WalkAsync(GetAsync, "/api/sync-jobs?limit=2", "stepExecutionId");

        Assert.Equal(3, pages.Count);
        posted.Reverse();
        Assert.Equal(posted, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task A_job_is_shown_with_its_attempts()
    {
        await PostAsync("l-1:1");
        var id = await SyncedAsync("l-1:1", "delivered");

        var details = await GetAsync($"/api/sync-jobs/{id}");

        Assert.Equal(id, details.GetProperty("job").GetProperty("id").GetString());
        Assert.Equal("delivered", details.GetProperty("job").GetProperty("status").GetString());
        var attempt = Assert.Single(details.GetProperty("attempts").EnumerateArray());
        Assert.Equal("Success", attempt.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("httpStatus").ValueKind);
        Assert.True(attempt.GetProperty("durationMs").GetInt64() >= 0);
        Assert.True((DateTimeOffset.UtcNow - attempt.GetProperty("attemptedAt").GetDateTimeOffset()).Duration() < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Retrying_a_dead_lettered_job_runs_it_again_with_a_fresh_failure_budget()
    {
        await PostAsync("l-1:1", email: "");
        var id = await SyncedAsync("l-1:1", "dead_lettered");
        Assert.Single((await GetAsync($"/api/sync-jobs/{id}")).GetProperty("attempts").EnumerateArray());

        Assert.Equal(1, await RequeuedAsync(await _admin.PostAsync($"/api/sync-jobs/{id}/retry", null)));
        await SyncedAsync("l-1:1", "dead_lettered", attempts: 2);

        var details = await GetAsync($"/api/sync-jobs/{id}");
        Assert.Equal(2, details.GetProperty("job").GetProperty("attempts").GetInt32());
        Assert.Equal(1, details.GetProperty("job").GetProperty("failures").GetInt32());
        var attempts = details.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Contains("'email' is empty", a.GetProperty("message").GetString()));
        Assert.True(attempts[0].GetProperty("attemptedAt").GetDateTimeOffset() <= attempts[1].GetProperty("attemptedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Retrying_a_job_in_progress_is_a_conflict_that_leaves_it_to_its_worker()
    {
        await PostAsync("l-1:1", email: "");
        var id = await SyncedAsync("l-1:1", "dead_lettered");
        var leaseUntil = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        using (var db = Host.OpenDatabase())
            db.Execute("UPDATE sync_jobs SET status = 'in_progress', lease_until = @leaseUntil, lease_token = 'another-worker'", new { leaseUntil });

        await (await _admin.PostAsync($"/api/sync-jobs/{id}/retry", null)).AssertProblemAsync(HttpStatusCode.Conflict, "being delivered");

        Assert.Equal(1, Host.Count("sync_jobs", "status = 'in_progress' AND lease_token = 'another-worker' AND lease_until = @leaseUntil", new { leaseUntil }));
    }

    [Fact]
    public async Task Unknown_or_malformed_job_ids_are_problems()
    {
        var unknown = Guid.NewGuid();

        await (await _admin.GetAsync($"/api/sync-jobs/{unknown}")).AssertProblemAsync(HttpStatusCode.NotFound, "No sync job");
        await (await _admin.PostAsync($"/api/sync-jobs/{unknown}/retry", null)).AssertProblemAsync(HttpStatusCode.NotFound, "No sync job");
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync("/api/sync-jobs/not-an-id")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PostAsync("/api/sync-jobs/not-an-id/retry", null)).StatusCode);
    }

    [Fact]
    public async Task Bulk_retry_requeues_the_jobs_matching_every_filter()
    {
        await PostAsync("l-1:1", email: "");
        await PostAsync("l-2:2", email: "");
        await PostAsync("l-3:3");
        await SyncedAsync("l-1:1", "dead_lettered");
        await SyncedAsync("l-2:2", "dead_lettered");
        await SyncedAsync("l-3:3", "delivered");
        var later = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O");

        Assert.Equal(0, await RequeuedAsync(await ReplayAsync($$"""{"status":"dead_lettered","since":"{{later}}"}""")));
        Assert.Equal(2, await RequeuedAsync(await ReplayAsync("""{"destination":"local","status":"dead_lettered"}""")));

        await SyncedAsync("l-1:1", "dead_lettered", attempts: 2);
        await SyncedAsync("l-2:2", "dead_lettered", attempts: 2);
        Assert.Equal(1, Host.Count("sync_jobs", "rec_id = 'l-3:3' AND status = 'delivered' AND attempts = 1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"destination":null,"status":null,"since":null}""")]
    public async Task Bulk_retry_without_a_filter_is_refused_and_replays_nothing(string body)
    {
        await PostAsync("l-1:1", email: "");
        await SyncedAsync("l-1:1", "dead_lettered");
        using var db = Host.OpenDatabase();
        var updatedAt = db.QuerySingle<long>("SELECT updated_at FROM sync_jobs");

        await (await ReplayAsync(body)).AssertProblemAsync(HttpStatusCode.BadRequest, "at least one of destination, status or since");

        Assert.Equal(updatedAt, db.QuerySingle<long>("SELECT updated_at FROM sync_jobs WHERE status = 'dead_lettered'"));
    }

    [Theory]
    [InlineData("/api/sync-jobs?status=failed", null, "status")]
    [InlineData("/api/sync-jobs?limit=0", null, "limit")]
    [InlineData("/api/sync-jobs?after=xyz", null, "after")]
    [InlineData("/api/sync-jobs/retry", """{"status":"failed"}""", "status")]
    [InlineData("/api/sync-jobs/retry", """{"since":"yesterday"}""", "since")]
    [InlineData("/api/sync-jobs/retry", """{"destination":"salesforce","status":"dead_lettered"}""", "destination")]
    public async Task Bad_values_are_a_400_problem_naming_the_field(string url, string? body, string field)
    {
        var response = body is null ? await _admin.GetAsync(url) : await ReplayAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Destinations_show_their_mapping_and_how_their_jobs_stand_without_secrets()
    {
        await PostAsync("l-1:1");
        await PostAsync("l-2:2", email: "");
        await SyncedAsync("l-1:1", "delivered");
        await SyncedAsync("l-2:2", "dead_lettered");

        var response = await _admin.GetAsync("/api/destinations");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var local = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray());
        Assert.Equal("local", local.GetProperty("name").GetString());
        Assert.Equal("Local", local.GetProperty("type").GetString());
        Assert.True(local.GetProperty("enabled").GetBoolean());
        Assert.Equal(1, local.GetProperty("maxConcurrency").GetInt32());
        var mapping = local.GetProperty("mapping");
        Assert.Equal("email", mapping.GetProperty("upsertKey").GetString());
        var email = mapping.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("property").GetString() == "email");
        Assert.Equal("E-mail Address", email.GetProperty("from").GetString());
        Assert.Equal(["trim", "lower"], email.GetProperty("transforms").EnumerateArray().Select(t => t.GetString()));
        Assert.True(email.GetProperty("required").GetBoolean());
        var source = mapping.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("property").GetString() == "leadSource");
        Assert.Equal("Act-On", source.GetProperty("constant").GetString());
        var jobs = local.GetProperty("state").GetProperty("jobs");
        Assert.Equal(0, jobs.GetProperty("pending").GetInt32());
        Assert.Equal(0, jobs.GetProperty("in_progress").GetInt32());
        Assert.Equal(1, jobs.GetProperty("delivered").GetInt32());
        Assert.Equal(1, jobs.GetProperty("dead_lettered").GetInt32());
        Assert.Equal(JsonValueKind.Null, local.GetProperty("state").GetProperty("pausedUntil").ValueKind);
        Assert.DoesNotContain(ActOnSyncHost.Secret, text);
        Assert.DoesNotContain(ActOnSyncHost.AdminKey, text);
        Assert.DoesNotContain("whsec_", text);
    }
}
