using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>The Dynamics destination against a fake Dataverse: what ends up in Dynamics, and what the sync records.</summary>
public sealed class DynamicsTests : DynamicsSyncTest
{
    [Fact]
    public async Task Create_then_update_of_the_same_contact_makes_one_lead_with_a_task_per_step()
    {
        StartService();

        // A quote in the key must reach Dataverse as a doubled quote inside the key literal.
        var first = await SendAsync(Event(stepId: "3", email: " Dana.O'Neil@Example.com "));
        await WaitForStatusAsync(first, "delivered");
        var second = await SendAsync(Event(stepId: "4", email: "dana.o'neil@example.com"));
        await WaitForStatusAsync(second, "delivered");

        var lead = Assert.Single(Dataverse.Leads);
        Assert.Equal("dana.o'neil@example.com", lead.Key);
        Assert.Equal((1, 1), (lead.Creates, lead.Updates));
        Assert.Equal("Lee", lead.Columns["lastname"]);
        Assert.Equal("Example Manufacturing", lead.Columns["companyname"]);
        Assert.Equal(new[] { first, second }.Order(), Dataverse.Tasks.Select(t => t.Id).Order());
        Assert.All(Dataverse.Tasks, t => Assert.Equal(lead.Id, t.RegardingLeadId));
        Assert.All(Dataverse.Tasks, t => Assert.Equal("Act-On: MQL handoff – Send to CRM", t.Subject));
        Assert.Contains("l-0001:1", Dataverse.Tasks[0].Description);
        foreach (var job in new[] { first, second })
        {
            Assert.Equal(new JobRow("delivered", 1, 0, "Success", null, "lead", lead.Id.ToString()), Job(job));
            Assert.Equal([("Success", (long?)204)], Attempts(job).Select(a => (a.Outcome, a.HttpStatus)));
        }
        // New to this destination: create-only. Synced before: update-only. Each write then its task.
        var requests = Dataverse.Requests;
        Assert.Equal(["PATCH", "POST", "PATCH", "POST"], requests.Select(r => r.Method));
        Assert.Equal(("*", null), (requests[0].Header("If-None-Match"), requests[0].Header("If-Match")));
        Assert.Equal((null, "*"), (requests[2].Header("If-None-Match"), requests[2].Header("If-Match")));
        Assert.DoesNotContain("E-mail Address", requests[0].Body);
        Assert.Equal(1, Dataverse.TokensIssued);
    }

    [Fact]
    public async Task A_lead_entered_in_Dynamics_by_hand_is_updated_not_duplicated()
    {
        var existing = Dataverse.SeedLead("dana.lee@example.com", new Dictionary<string, string> { ["lastname"] = "Lee-Smith", ["jobtitle"] = "COO" });
        StartService();

        var job = await SendAsync(Event());
        await WaitForStatusAsync(job, "delivered");

        var lead = Assert.Single(Dataverse.Leads);
        Assert.Equal((existing.Id, 0, 1), (lead.Id, lead.Creates, lead.Updates));
        Assert.Equal(("Lee", "COO"), (lead.Columns["lastname"], lead.Columns["jobtitle"]));
        Assert.Equal(lead.Id, Assert.Single(Dataverse.Tasks).RegardingLeadId);
        Assert.Equal(existing.Id.ToString(), Job(job).CrmObjectId);
        Assert.Equal([412, 204, 204], Dataverse.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_task_whose_answer_was_lost_is_not_added_twice()
    {
        Dataverse.DropNextAnswer("POST");
        StartService();

        var job = await SendAsync(Event());
        await WaitForStatusAsync(job, "delivered");

        Assert.Equal(["Transient", "Success"], Attempts(job).Select(a => a.Outcome));
        Assert.Equal(job, Assert.Single(Dataverse.Tasks).Id);
        var lead = Assert.Single(Dataverse.Leads);
        Assert.Equal((1, 1), (lead.Creates, lead.Updates));
        // The retry: create-only finds the lead, update-only writes it, and the task is there already.
        Assert.Equal([("PATCH", 204), ("POST", 204), ("PATCH", 412), ("PATCH", 204), ("POST", 412)],
            Dataverse.Requests.Select(r => (r.Method, r.Status)));
    }

    [Fact]
    public async Task A_record_Dataverse_refuses_is_dead_lettered_with_its_message_and_the_others_are_delivered()
    {
        StartService();

        var good = new List<Guid>();
        for (var i = 0; i < 3; i++)
            good.Add(await SendAsync(Event(recId: $"l-{i:000}:1", email: $"contact{i}@example.com")));
        var bad = await SendAsync(Event(recId: "l-999:1", email: "nameless@example.com", without: "Last Name"));
        foreach (var job in good)
            await WaitForStatusAsync(job, "delivered");
        await WaitForStatusAsync(bad, "dead_lettered");

        var refused = Job(bad);
        Assert.Equal(("Permanent", 1L, 1L), (refused.LastOutcome, refused.Attempts, refused.Failures));
        Assert.StartsWith("HTTP 400", refused.LastError);
        Assert.Contains("The value of 'lastname' on record of type 'lead' is required.", refused.LastError);
        Assert.Contains("0x80040203", refused.LastError);
        Assert.Equal(400, Assert.Single(Attempts(bad)).HttpStatus);
        Assert.Equal(["contact0@example.com", "contact1@example.com", "contact2@example.com"], Dataverse.Leads.Select(l => l.Key).Order());
        Assert.Equal(good.Order(), Dataverse.Tasks.Select(t => t.Id).Order());
        Assert.Null(Dataverse.LeadByKey("nameless@example.com"));
    }

    [Fact]
    public async Task A_revoked_token_is_renewed_once_and_every_contact_is_delivered()
    {
        StartService();
        var before = await SendAsync(Event(recId: "l-001:1", email: "before@example.com"));
        await WaitForStatusAsync(before, "delivered");

        Dataverse.RevokeAllTokens();
        var after = new[]
        {
            await SendAsync(Event(recId: "l-002:1", email: "after1@example.com")),
            await SendAsync(Event(recId: "l-003:1", email: "after2@example.com")),
        };
        foreach (var job in after)
            await WaitForStatusAsync(job, "delivered");

        Assert.Equal(2, Dataverse.TokensIssued);
        Assert.Equal(3, Dataverse.Leads.Count);
        Assert.Equal(3, Dataverse.Tasks.Count);
        var refusals = Dataverse.Requests.Where(r => r.Status == 401).ToList();
        Assert.NotEmpty(refusals);
        // Each refused call was repeated once, with the new token, and got through.
        Assert.Equal(3 * 2 + refusals.Count, Dataverse.Requests.Count);
        foreach (var job in after)
            Assert.Equal([("Success", (long?)204)], Attempts(job).Select(a => (a.Outcome, a.HttpStatus)));
    }

    [Fact]
    public async Task Too_many_requests_holds_every_call_for_the_whole_retry_after_without_counting_a_failure()
    {
        Dataverse.LimitRequests(2, TimeSpan.FromMinutes(1), retryAfter: TimeSpan.FromSeconds(2));
        StartService();
        var first = await SendAsync(Event(recId: "l-001:1", email: "first@example.com"));
        await WaitForStatusAsync(first, "delivered");

        var second = await SendAsync(Event(recId: "l-002:1", email: "second@example.com"));
        await WaitForStatusAsync(second, "delivered");

        var requests = Dataverse.Requests;
        var throttled = Assert.Single(requests, r => r.Status == 429);
        var next = requests.SkipWhile(r => r != throttled).Skip(1).First();
        Assert.True(next.ReceivedAt - throttled.ReceivedAt >= TimeSpan.FromSeconds(2),
            $"The next call came {(next.ReceivedAt - throttled.ReceivedAt).TotalMilliseconds:0} ms after the 429 that said Retry-After: 2.");
        var attempts = Attempts(second);
        Assert.Equal([("Throttled", (long?)429), ("Success", 204)], attempts.Select(a => (a.Outcome, a.HttpStatus)));
        Assert.Contains("Number of requests exceeded the limit of 2 over time window of 60 seconds.", attempts[0].Message);
        Assert.Equal(0, Job(second).Failures);
        Assert.Equal(2, Dataverse.Leads.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task An_outage_is_retried_until_Dataverse_recovers(int status)
    {
        Dataverse.FailNext(3, status);
        StartService();

        var job = await SendAsync(Event());
        await WaitForStatusAsync(job, "delivered");

        var attempts = Attempts(job);
        Assert.Equal(["Transient", "Transient", "Transient", "Success"], attempts.Select(a => a.Outcome));
        Assert.All(attempts.Take(3), a => Assert.Equal(status, a.HttpStatus));
        Assert.Contains("The service is temporarily unavailable.", attempts[0].Message);
        Assert.Equal((4L, 3L), (Job(job).Attempts, Job(job).Failures));
        Assert.Equal(1, Assert.Single(Dataverse.Leads).Creates);
        Assert.Single(Dataverse.Tasks);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_auth_expired_with_Entra_ids_words_and_never_reaches_Dataverse()
    {
        const string wrongSecret = "not~the.secret";
        StartService(($"Destinations:{Destination}:ClientSecret", wrongSecret), ("Sync:MaxAttempts", "2"));

        var job = await SendAsync(Event());
        await WaitForStatusAsync(job, "dead_lettered");

        Assert.Equal(["AuthExpired", "AuthExpired"], Attempts(job).Select(a => a.Outcome));
        var error = Job(job).LastError!;
        Assert.Contains("AADSTS7000215: Invalid client secret provided.", error);
        Assert.DoesNotContain(wrongSecret, error);
        Assert.Empty(Dataverse.Requests);
        Assert.Equal(0, Dataverse.TokensIssued);
    }
}
