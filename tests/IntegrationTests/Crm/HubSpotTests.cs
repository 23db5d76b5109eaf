using ActOnSync.Fakes.HubSpot;

using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>The HubSpot destination against a fake HubSpot that behaves as documented.</summary>
public sealed class HubSpotTests : HubSpotSyncTest
{
    private static readonly DateTimeOffset ExecutedAt = DateTimeOffset.FromUnixTimeMilliseconds(1764864000000);

    [Fact]
    public async Task Created_then_updated_contact_is_one_contact_with_a_note_per_step_execution()
    {
        await StartAsync();

        var created = await SendEventAsync(stepId: "3");
        await WaitForStatusAsync(created, "delivered");
        var updated = await SendEventAsync(stepId: "4", contact: c =>
        {
            c["Company"] = "Example Holdings";
            c["stepName"] = "Hand over to sales";
        });
        await WaitForStatusAsync(updated, "delivered");

        var contact = Assert.Single(HubSpot.Contacts);
        Assert.Equal("dana.lee@example.com", contact.Email);
        Assert.Equal(("Dana", "Lee", "Example Holdings"), (contact.Properties["firstname"], contact.Properties["lastname"], contact.Properties["company"]));
        Assert.Equal(new JobRow("delivered", 1, 0, "Success", null, "contact", contact.Id), Job(created));
        Assert.Equal(new JobRow("delivered", 1, 0, "Success", null, "contact", contact.Id), Job(updated));
        var notes = HubSpot.Notes;
        Assert.Equal(2, notes.Count);
        Assert.All(notes, note => Assert.Equal([contact.Id], note.ContactIds));
        Assert.All(notes, note => Assert.Equal(ExecutedAt, note.Timestamp));
        Assert.Contains("Act-On: MQL handoff", notes[0].Body);
        Assert.Contains("reached &#39;Send to CRM&#39; (step 3)", notes[0].Body);
        Assert.Contains("reached &#39;Hand over to sales&#39; (step 4)", notes[1].Body);
        Assert.All(HubSpot.Log, call => Assert.Equal(call.Path == FakeHubSpot.CreateNotesPath ? 201 : 200, call.Status));
    }

    [Fact]
    public async Task Invalid_email_in_a_batch_is_dead_lettered_with_HubSpots_message_and_the_others_are_delivered()
    {
        await StartAsync(overrides: ("Destinations:hubspot:MaxConcurrency", "1"));

        var jobs = await SendOneBatchAsync(["amy@example.com", "not-an-email", "bo@example.com", "cy@example.com"]);
        await WaitUntilSettledAsync(jobs.Count + 1);

        Assert.Contains(new FakeHubSpotRequest(FakeHubSpot.UpsertContactsPath, 207, 4), HubSpot.Log);
        var bad = Job(jobs[1]);
        Assert.Equal(("dead_lettered", 1L, "Permanent"), (bad.Status, bad.Attempts, bad.LastOutcome));
        Assert.Contains("Email address not-an-email is invalid", bad.LastError);
        Assert.Equal(207, Assert.Single(Attempts(jobs[1])).HttpStatus);
        Assert.Equal(["opener@example.com", "amy@example.com", "bo@example.com", "cy@example.com"], HubSpot.Contacts.Select(c => c.Email));
        foreach (var (job, email) in new[] { (jobs[0], "amy@example.com"), (jobs[2], "bo@example.com"), (jobs[3], "cy@example.com") })
        {
            var contactId = HubSpot.Contacts.Single(c => c.Email == email).Id;
            Assert.Equal(new JobRow("delivered", 1, 0, "Success", null, "contact", contactId), Job(job));
            Assert.Single(HubSpot.Notes, note => note.ContactIds.SequenceEqual([contactId]));
        }
        Assert.Equal(4, HubSpot.Notes.Count);
    }

    [Fact]
    public async Task Contact_that_fails_its_whole_batch_is_singled_out_by_halving_and_the_others_are_delivered()
    {
        // HubSpot has no property "actonscore"; only the second contact has a value for it, so only it sends one.
        await StartAsync(overrides: [("Destinations:hubspot:MaxConcurrency", "1"), ("Destinations:hubspot:Fields:actonscore:From", "Score")]);

        var jobs = await SendOneBatchAsync(["amy@example.com", "bo@example.com", "cy@example.com"],
            (i, contact) =>
            {
                if (i == 1)
                    contact["Score"] = "42";
            });
        await WaitUntilSettledAsync(jobs.Count + 1);

        var upserts = HubSpot.Log.Where(call => call.Path == FakeHubSpot.UpsertContactsPath).Skip(1).ToList();
        Assert.Equal(new FakeHubSpotRequest(FakeHubSpot.UpsertContactsPath, 400, 3), upserts[0]);
        // Halves: [amy] goes through, [bo, cy] fails again, then [bo] fails alone and [cy] goes through.
        Assert.Equal([(1, 200), (1, 200), (1, 400), (2, 400)], upserts.Skip(1).Select(call => (call.Inputs, call.Status)).Order());
        var bad = Job(jobs[1]);
        Assert.Equal(("dead_lettered", "Permanent"), (bad.Status, bad.LastOutcome));
        Assert.Contains("PROPERTY_DOESNT_EXIST", bad.LastError);
        Assert.Contains("actonscore", bad.LastError);
        Assert.Equal(["delivered", "delivered"], new[] { jobs[0], jobs[2] }.Select(j => Job(j).Status));
        Assert.Equal(["amy@example.com", "cy@example.com", "opener@example.com"], HubSpot.Contacts.Select(c => c.Email).Order());
        Assert.Equal(3, HubSpot.Notes.Count);
    }

    [Fact]
    public async Task Refused_token_is_auth_expired_and_nothing_more_reaches_HubSpot()
    {
        await StartAsync(overrides: ("Sync:MaxAttempts", "2"));
        var token = HubSpot.Token;
        var before = await SendEventAsync();
        await WaitForStatusAsync(before, "delivered");

        HubSpot.RotateToken("pat-na1-99999999-8888-7777-6666-555555555555");
        var after = await SendEventAsync(recId: "l-0002:1", email: "sam.roe@example.com");
        await WaitForStatusAsync(after, "dead_lettered");

        var attempts = Attempts(after);
        Assert.Equal([("AuthExpired", (long?)401), ("AuthExpired", 401)], attempts.Select(a => (a.Outcome, a.HttpStatus)));
        Assert.All(attempts, a => Assert.Contains("check Destinations:hubspot:Token", a.Message));
        Assert.All(attempts, a => Assert.DoesNotContain(token, a.Message));
        Assert.Equal(["dana.lee@example.com"], HubSpot.Contacts.Select(c => c.Email));
        Assert.Single(HubSpot.Notes);
    }

    [Fact]
    public async Task Throttling_storm_is_delivered_with_few_429s_because_the_rate_is_governed()
    {
        const int events = 40, callsPerSecond = 4;
        await StartAsync(new FakeHubSpotOptions { RateLimitMax = callsPerSecond, RateLimitInterval = TimeSpan.FromSeconds(1) },
            ("Destinations:hubspot:RateLimit:Requests", $"{callsPerSecond}"), ("Destinations:hubspot:RateLimit:WindowSeconds", "1"));

        for (var i = 0; i < events; i++)
            await SendEventAsync(recId: $"l-{i:0000}:1", email: $"contact{i}@example.com");
        await WaitUntilSettledAsync(events, TimeSpan.FromSeconds(60));

        Assert.Equal(events, Host.Count("sync_jobs", "status = 'delivered'"));
        Assert.Equal(events, HubSpot.Contacts.Count);
        Assert.Equal(events, HubSpot.Notes.Count);
        Assert.True(HubSpot.Requests > callsPerSecond, $"Only {HubSpot.Requests} calls: the storm did not outlast one window.");
        // HubSpot wants error answers under 5% of calls; one stray 429 is tolerated in a storm this short.
        Assert.True(HubSpot.Throttled <= Math.Max(1, HubSpot.Requests / 20), $"{HubSpot.Throttled} of {HubSpot.Requests} calls were answered 429.");
    }

    [Fact]
    public async Task Calls_answered_429_wait_as_HubSpot_says_and_count_no_failure()
    {
        // A governor allowing far more than HubSpot does, as when another process spends the same app's budget.
        await StartAsync(new FakeHubSpotOptions { RateLimitMax = 1, RateLimitInterval = TimeSpan.FromSeconds(1) },
            ("Destinations:hubspot:RateLimit:Requests", "50"), ("Destinations:hubspot:RateLimit:WindowSeconds", "1"), ("Sync:MaxAttempts", "1"));

        var jobs = new List<Guid>();
        for (var i = 0; i < 3; i++)
            jobs.Add(await SendEventAsync(recId: $"l-{i:0000}:1", email: $"contact{i}@example.com"));
        await WaitUntilSettledAsync(jobs.Count);

        Assert.True(HubSpot.Throttled > 0, "HubSpot never answered 429: the test did not throttle.");
        Assert.Equal(jobs.Count, Host.Count("sync_jobs", "status = 'delivered' AND failures = 0"));
        var throttled = jobs.SelectMany(Attempts).Where(a => a.Outcome == "Throttled").ToList();
        Assert.NotEmpty(throttled);
        Assert.All(throttled, a => Assert.Equal(429, a.HttpStatus));
        Assert.All(throttled, a => Assert.Contains("You have reached your ten_secondly_rolling limit.", a.Message));
        Assert.Equal(jobs.Count, HubSpot.Contacts.Count);
        Assert.Equal(jobs.Count, HubSpot.Notes.Count);
    }

    [Fact]
    public async Task Outage_then_recovery_delivers_each_contact_once_and_each_note_once()
    {
        await StartAsync();
        HubSpot.FailNext(2, 502, FakeHubSpot.CreateNotesPath);
        HubSpot.FailNext(3, 503);

        var executions = new List<(Guid Job, string Email)>();
        for (var i = 0; i < 10; i++)
        {
            // Contacts 0 and 1 go through two steps each.
            var email = $"contact{i % 8}@example.com";
            executions.Add((await SendEventAsync(recId: $"l-{i % 8:0000}:1", stepId: $"{3 + i / 8}", email: email), email));
        }
        await WaitUntilSettledAsync(executions.Count);

        Assert.Equal(2, HubSpot.Log.Count(call => call.Status == 502));
        Assert.Equal(3, HubSpot.Log.Count(call => call.Status == 503));
        Assert.True(Host.Count("sync_attempts", "outcome = 'Transient' AND http_status IN (502, 503)") >= 3);
        Assert.Equal(executions.Count, Host.Count("sync_jobs", "status = 'delivered'"));
        var contacts = HubSpot.Contacts;
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"contact{i}@example.com"), contacts.Select(c => c.Email).Order());
        foreach (var contact in contacts)
        {
            var steps = executions.Count(e => e.Email == contact.Email);
            Assert.Equal(steps, HubSpot.Notes.Count(note => note.ContactIds.SequenceEqual([contact.Id])));
            Assert.All(executions.Where(e => e.Email == contact.Email), e => Assert.Equal(contact.Id, Job(e.Job).CrmObjectId));
        }
        Assert.Equal(executions.Count, HubSpot.Notes.Count);
    }
}
