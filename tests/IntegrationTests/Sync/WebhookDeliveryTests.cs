using ActOnSync.IntegrationTests.Support;
using Dapper;

namespace ActOnSync.IntegrationTests.Sync;

/// <summary>What the Webhook destination sends, and what a successful answer leaves behind.</summary>
public sealed class WebhookDeliveryTests : WebhookSyncTest
{
    [Fact]
    public async Task Contact_is_posted_once_signed_with_its_record_and_activity_and_linked_to_the_answered_id()
    {
        Target.Script(new TargetAnswer(200, """{"id":"crm-42","status":"ok"}"""));
        StartService();

        var jobId = await SendEventAsync();
        await WaitForStatusAsync(jobId, "delivered");

        var request = Assert.Single(Target.Requests);
        Assert.Null(request.SignatureFailure);
        Assert.Equal("POST", request.Method);
        Assert.Equal(jobId.ToString(), request.WebhookId);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        var body = request.Json;
        Assert.Equal("actonsync.contact.sync", (string?)body["type"]);
        Assert.Equal(jobId.ToString(), (string?)body["jobId"]);
        Assert.Equal("hook", (string?)body["destination"]);
        Assert.Equal("l-0001:1", (string?)body["recId"]);
        Assert.Equal("3", (string?)body["stepId"]);
        using (var db = Host.OpenDatabase())
            Assert.Equal(db.QuerySingle<string>("SELECT id FROM step_executions"), (string?)body["stepExecutionId"]);
        Assert.Equal("email", (string?)body["upsertKey"]!["property"]);
        Assert.Equal("dana.lee@example.com", (string?)body["upsertKey"]!["value"]);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["email"] = "dana.lee@example.com",
            ["firstName"] = "Dana",
            ["company"] = "Example Manufacturing",
        }, body["record"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value));
        Assert.True(body.ContainsKey("existingRecord"));
        Assert.Null(body["existingRecord"]);

        var activity = body["activity"]!;
        Assert.Equal("Act-On: MQL handoff – Send to CRM", (string?)activity["subject"]);
        Assert.Contains("l-0001:1", (string?)activity["description"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764864000000), DateTimeOffset.Parse((string)activity["occurredAt"]!));
        Assert.Equal("00-0001", (string?)activity["programId"]);
        Assert.Equal("MQL handoff", (string?)activity["programName"]);
        Assert.Equal("3", (string?)activity["stepId"]);
        Assert.Equal("Send to CRM", (string?)activity["stepName"]);
        Assert.Equal("https://example.actonsoftware.com/app/automation/programs/00-0001/program-performance", (string?)activity["automatedProgramLink"]);
        Assert.Equal("https://example.actonsoftware.com/app/contacts/report/l-0001:1", (string?)activity["contactReportLink"]);

        Assert.Equal(new JobRow("delivered", 1, 0, "Success", null, "record", "crm-42"), Job(jobId));
        Assert.Equal(new[] { new AttemptRow("Success", 200, null) }, Attempts(jobId));
        using (var db = Host.OpenDatabase())
        {
            var link = db.QuerySingle("SELECT destination, rec_id, crm_object_type, crm_object_id FROM crm_links");
            Assert.Equal(("hook", "l-0001:1", "record", "crm-42"),
                ((string)link.destination, (string)link.rec_id, (string)link.crm_object_type, (string)link.crm_object_id));
        }
        Assert.Equal(1, Target.EffectiveDeliveriesOf(jobId));
    }

    [Fact]
    public async Task Next_event_of_the_contact_names_the_record_it_became()
    {
        Target.Script(new TargetAnswer(201, """{"id":"crm-7"}"""), new TargetAnswer(200));
        StartService();

        await WaitForStatusAsync(await SendEventAsync(stepId: "3"), "delivered");
        var second = await SendEventAsync(stepId: "4");
        await WaitForStatusAsync(second, "delivered");

        var existing = Target.Requests[1].Json["existingRecord"];
        Assert.Equal("record", (string?)existing!["objectType"]);
        Assert.Equal("crm-7", (string?)existing["objectId"]);
    }

    [Fact]
    public async Task Answer_without_an_id_links_the_contact_by_its_upsert_key()
    {
        Target.Script(new TargetAnswer(204));
        StartService();

        var jobId = await SendEventAsync(email: "  Pat.Doe@Example.com ");
        await WaitForStatusAsync(jobId, "delivered");

        Assert.Equal("pat.doe@example.com", Job(jobId).CrmObjectId);
        Assert.Equal(new[] { new AttemptRow("Success", 204, null) }, Attempts(jobId));
    }
}
