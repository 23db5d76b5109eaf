using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>Contacts synced to a Salesforce org: what the org holds afterwards, and what each job recorded.</summary>
public sealed class SalesforceTests : SalesforceSyncTest
{
    private const string Upsert = "PATCH /services/data/v60.0/sobjects/Lead/ActOn_RecId__c";
    private const string CollectionUpsert = "PATCH /services/data/v60.0/composite/sobjects/Lead/ActOn_RecId__c";

    [Fact]
    public async Task Contact_sent_twice_is_one_lead_created_then_updated_with_a_task_for_each_step()
    {
        StartService();

        var first = await SendEventAsync(stepId: "3");
        await WaitForStatusAsync(first, "delivered");
        var second = await SendEventAsync(stepId: "4", email: " Dana.Lee@New.Example.com ");
        await WaitForStatusAsync(second, "delivered");

        var lead = Assert.Single(Salesforce.Records("Lead"));
        Assert.Equal(("l-0001:1", "Dana", "Lee", "Example Manufacturing", "dana.lee@new.example.com"),
            (lead[ExternalIdField], lead["FirstName"], lead["LastName"], lead["Company"], lead["Email"]));
        var tasks = Salesforce.Records("Task");
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, task =>
        {
            Assert.Equal((lead.Id, "Completed", "2025-12-04", "Act-On: MQL handoff – Send to CRM"),
                (task["WhoId"], task["Status"], task["ActivityDate"], task["Subject"]));
            Assert.Contains("https://example.actonsoftware.com/app/contacts/report/l-0001:1", task["Description"]);
        });
        Assert.StartsWith("Act-On contact l-0001:1 reached 'Send to CRM' (step 3) of 'MQL handoff'", tasks[0]["Description"]);
        Assert.StartsWith("Act-On contact l-0001:1 reached 'Send to CRM' (step 4)", tasks[1]["Description"]);

        Assert.Equal(new JobRow("delivered", 1, 0, "Success", null, "Lead", lead.Id), Job(first));
        Assert.Equal(new JobRow("delivered", 1, 0, "Success", null, "Lead", lead.Id), Job(second));
        Assert.Equal([new AttemptRow("Success", 201, null)], Attempts(first));
        Assert.Equal([new AttemptRow("Success", 200, null)], Attempts(second));
        Assert.Equal(
        [
            "POST /services/oauth2/token", $"{Upsert}/l-0001:1", "POST /services/data/v60.0/sobjects/Task",
            $"{Upsert}/l-0001:1", "POST /services/data/v60.0/sobjects/Task",
        ], Calls());
    }

    [Fact]
    public async Task Batch_writes_each_record_on_its_own_and_dead_letters_those_salesforce_refuses_with_its_words()
    {
        var twins = new[] { Twin("Twin A"), Twin("Twin B") };
        StartService(OneBatchAtATime);

        var jobs = await SendBatchAsync(
            () => SendEventAsync("l-0001:1", email: "ann@example.com"),
            () => SendEventAsync("l-0002:1", email: "bo@example.com", company: ""),
            () => SendEventAsync("l-0003:1", email: "cy@example.com"),
            () => SendEventAsync("l-0004:1", email: "dee@example.com"));
        await WaitUntilSettledAsync(jobs);

        var upsert = Assert.Single(Salesforce.Requests, r => $"{r.Method} {r.Path}" == CollectionUpsert);
        Assert.Equal(4, upsert.Json!["records"]!.AsArray().Count);
        var leads = Salesforce.Records("Lead").ToDictionary(l => l.Id);
        Assert.Equal(["l-0000:1", "l-0001:1", "l-0003:1", "l-0003:1", "l-0004:1"], leads.Values.Select(l => l[ExternalIdField]).Order());
        Assert.Equal(["Twin A", "Twin B"], twins.Select(id => leads[id]["LastName"]));
        Assert.All(twins, id => Assert.Null(leads[id]["Email"]));

        foreach (var (delivered, recId) in new[] { (jobs[0], "l-0001:1"), (jobs[3], "l-0004:1") })
        {
            var job = Job(delivered);
            Assert.Equal(("delivered", "Lead", recId), (job.Status, job.CrmObjectType, leads[job.CrmObjectId!][ExternalIdField]));
            Assert.Single(Salesforce.Records("Task"), task => task["WhoId"] == job.CrmObjectId);
        }
        Assert.Equal(new JobRow("dead_lettered", 1, 1, "Permanent", "REQUIRED_FIELD_MISSING: Required fields are missing: [Company]", null, null),
            Job(jobs[1]));
        var conflict = Job(jobs[2]);
        Assert.Equal(("dead_lettered", "Conflict"), (conflict.Status, conflict.LastOutcome));
        Assert.StartsWith("DUPLICATE_EXTERNAL_ID: ActOn_RecId__c: more than one record found for external id field", conflict.LastError);
        Assert.All(twins, id => Assert.Contains(id, conflict.LastError));
        Assert.All(jobs, job => Assert.Single(Attempts(job)));
        // The opening lead's Task, then one collection for the batch's two.
        Assert.Equal(3, Salesforce.Records("Task").Count);
        Assert.Single(Salesforce.Requests, r => $"{r.Method} {r.Path}" == "POST /services/data/v60.0/composite/sobjects");
    }

    [Fact]
    public async Task Contact_twice_in_one_batch_is_upserted_once_a_request_in_the_order_its_steps_ran()
    {
        var stepRan = new DateTimeOffset(2025, 12, 4, 16, 0, 0, TimeSpan.Zero);
        StartService(OneBatchAtATime);

        var jobs = await SendBatchAsync(
            () => SendEventAsync("l-0001:1", stepId: "4", email: "later@example.com", executedAt: stepRan.AddMinutes(5)),
            () => SendEventAsync("l-0001:1", stepId: "3", email: "earlier@example.com", executedAt: stepRan));
        await WaitUntilSettledAsync(jobs);

        var lead = Salesforce.Records("Lead").Single(l => l[ExternalIdField] == "l-0001:1");
        Assert.Equal("later@example.com", lead["Email"]);
        Assert.All(jobs, job => Assert.Equal(("delivered", lead.Id), (Job(job).Status, Job(job).CrmObjectId)));
        Assert.Equal(2, Salesforce.Records("Task").Count(t => t["WhoId"] == lead.Id));
        Assert.Equal(2, Calls().Count(c => c == $"{Upsert}/l-0001:1"));
        Assert.DoesNotContain(CollectionUpsert, Calls());
    }

    [Fact]
    public async Task Expired_token_is_renewed_once_and_every_contact_is_delivered()
    {
        StartService();
        var before = await SendEventAsync("l-0001:1");
        await WaitForStatusAsync(before, "delivered");

        Salesforce.ExpireTokens();
        // Two deliveries in parallel, both on their way with the expired token before either learns it expired.
        Salesforce.HoldRequests();
        var after = new List<Guid>();
        foreach (var (recId, held) in new[] { ("l-0002:1", 1), ("l-0003:1", 2) })
        {
            after.Add(await SendEventAsync(recId, email: $"{recId[..6]}@example.com"));
            await Eventually.HoldsAsync(() => Salesforce.HeldRequests == held, $"{held} deliveries reached Salesforce");
        }
        Salesforce.ReleaseRequests();
        await WaitUntilSettledAsync([.. after]);

        Assert.Equal(2, Salesforce.Requests.Count(r => r.Status == 401));
        Assert.Equal(2, Salesforce.TokensIssued);
        Assert.All([before, .. after], job =>
        {
            Assert.Equal("delivered", Job(job).Status);
            Assert.Equal(["Success"], Attempts(job).Select(a => a.Outcome));
        });
        Assert.Equal(3, Salesforce.Records("Lead").Count);
        Assert.Equal(3, Salesforce.Records("Task").Count);
    }

    [Fact]
    public async Task Token_refused_again_after_renewal_is_auth_expired_and_retried_until_sessions_work()
    {
        Salesforce.ExpireNewTokens = true;
        StartService();

        var job = await SendEventAsync();
        await Eventually.HoldsAsync(() => Attempts(job).Count >= 1, "a first attempt");
        Salesforce.ExpireNewTokens = false;
        await WaitForStatusAsync(job, "delivered");

        var attempts = Attempts(job);
        var refused = attempts.SkipLast(1).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, attempt =>
        {
            Assert.Equal(("AuthExpired", 401L), (attempt.Outcome, attempt.HttpStatus));
            Assert.Contains("INVALID_SESSION_ID: Session expired or invalid", attempt.Message);
        });
        Assert.Equal(new AttemptRow("Success", 201, null), attempts[^1]);
        // Each attempt asks for one new token when its session is refused (the first also for its first token), never more.
        Assert.Equal(refused.Count + 2, Salesforce.TokensIssued);
        Assert.Equal(2 * refused.Count + 1, Salesforce.Requests.Count(r => r.Status == 401));
        Assert.Single(Salesforce.Records("Lead"));
    }

    [Fact]
    public async Task Spent_request_limit_is_throttled_without_failures_and_delivered_once_requests_free_up()
    {
        StartService();
        Salesforce.ExhaustApiLimit();

        var job = await SendEventAsync();
        await Eventually.HoldsAsync(() => Attempts(job).Count >= 1, "a first attempt");
        Salesforce.ResetApiUsage();
        await WaitForStatusAsync(job, "delivered");

        var attempts = Attempts(job);
        Assert.All(attempts.SkipLast(1), throttled =>
        {
            Assert.Equal(("Throttled", 403L), (throttled.Outcome, throttled.HttpStatus));
            Assert.Equal("REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded. (api-usage=15000/15000)", throttled.Message);
        });
        Assert.Equal(new AttemptRow("Success", 201, null), attempts[^1]);
        Assert.True(attempts.Count >= 2);
        Assert.Equal(0, Job(job).Failures);
        Assert.Single(Salesforce.Records("Lead"));
        Assert.Single(Salesforce.Records("Task"));
    }

    [Fact]
    public async Task Outage_is_retried_with_backoff_until_salesforce_answers_and_writes_once()
    {
        StartService();
        var before = await SendEventAsync("l-0001:1");
        await WaitForStatusAsync(before, "delivered");

        Salesforce.FailNextRequests(2);
        var job = await SendEventAsync("l-0002:1", email: "b@example.com");
        await WaitForStatusAsync(job, "delivered");

        var attempts = Attempts(job);
        Assert.Equal(["Transient", "Transient", "Success"], attempts.Select(a => a.Outcome));
        Assert.Equal([503L, 503L, 201L], attempts.Select(a => a.HttpStatus));
        Assert.Equal("SERVER_UNAVAILABLE: Server temporarily unavailable; please try again later", attempts[0].Message);
        Assert.Equal(2, Job(job).Failures);
        var lead = Assert.Single(Salesforce.Records("Lead"), l => l[ExternalIdField] == "l-0002:1");
        Assert.Single(Salesforce.Records("Task"), t => t["WhoId"] == lead.Id);
    }

    [Fact]
    public async Task Key_matching_several_leads_is_dead_lettered_as_a_conflict_and_nothing_is_written()
    {
        var twins = new[] { Twin("Twin A"), Twin("Twin B") };
        StartService();

        var job = await SendEventAsync("l-0003:1");
        await WaitForStatusAsync(job, "dead_lettered");

        var attempt = Assert.Single(Attempts(job));
        Assert.Equal(("Conflict", 300L), (attempt.Outcome, attempt.HttpStatus));
        Assert.StartsWith("Several records have this external id, so Salesforce wrote none:", attempt.Message);
        Assert.All(twins, id => Assert.Contains($"/services/data/v60.0/sobjects/Lead/{id}", attempt.Message));
        Assert.Equal("Conflict", Job(job).LastOutcome);
        Assert.All(Salesforce.Records("Lead"), twin => Assert.Null(twin["Email"]));
        Assert.Empty(Salesforce.Records("Task"));
    }

    [Fact]
    public async Task Unknown_external_id_field_is_dead_lettered_with_salesforces_words()
    {
        StartService(("Destinations:salesforce:ExternalIdField", "Missing__c"));

        var job = await SendEventAsync();
        await WaitForStatusAsync(job, "dead_lettered");

        Assert.Equal([new AttemptRow("Permanent", 404, "NOT_FOUND: Provided external ID field does not exist or is not accessible: Missing__c")],
            Attempts(job));
        Assert.Empty(Salesforce.Records("Lead"));
    }

    [Fact]
    public async Task Contacts_go_to_the_contact_object_when_configured()
    {
        StartService(("Destinations:salesforce:Object", "contact"), ("Destinations:salesforce:Fields:Company:From", null));

        var job = await SendEventAsync();
        await WaitForStatusAsync(job, "delivered");

        var contact = Assert.Single(Salesforce.Records("Contact"));
        Assert.Equal(("l-0001:1", "Lee"), (contact[ExternalIdField], contact["LastName"]));
        Assert.Equal(("Contact", contact.Id), (Job(job).CrmObjectType, Job(job).CrmObjectId));
        Assert.Equal(contact.Id, Assert.Single(Salesforce.Records("Task"))["WhoId"]);
        Assert.Empty(Salesforce.Records("Lead"));
    }

    [Fact]
    public async Task Refused_client_credentials_are_retried_as_auth_expired_and_the_secret_is_never_shown()
    {
        const string wrongSecret = "not-the-consumer-secret-4711";
        StartService(("Destinations:salesforce:ClientSecret", wrongSecret), ("Sync:MaxAttempts", "2"));

        var job = await SendEventAsync();
        await WaitForStatusAsync(job, "dead_lettered");

        var attempts = Attempts(job);
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, attempt =>
        {
            Assert.Equal(("AuthExpired", 400L), (attempt.Outcome, attempt.HttpStatus));
            Assert.Equal("Salesforce gave no token for the client credentials of Destinations:salesforce:ClientId: invalid_client: invalid client credentials",
                attempt.Message);
        });
        Assert.Equal(0, Salesforce.TokensIssued);
        Assert.All(Calls(), call => Assert.Equal("POST /services/oauth2/token", call));
        using var admin = Host.CreateAdminClient();
        Assert.DoesNotContain(wrongSecret, await admin.GetStringAsync("/api/destinations"));
        Assert.DoesNotContain(wrongSecret, await admin.GetStringAsync($"/api/sync-jobs/{job}"));
    }

    /// <summary>A lead already in the org with the key <c>l-0003:1</c>, as a careless import leaves them.</summary>
    private string Twin(string lastName) => Salesforce.Seed("Lead", new Dictionary<string, string?>
    {
        [ExternalIdField] = "l-0003:1", ["LastName"] = lastName, ["Company"] = "Imported",
    });
}
