using System.Net;
using System.Text.Json;
using ActOnSync.IntegrationTests.Support;
using Dapper;

namespace ActOnSync.IntegrationTests.Sync;

/// <summary>The built-in Local destination, configured out of the box: leads and activities in the service's own database.</summary>
public sealed class LocalDestinationTests() : ServiceTest(new Dictionary<string, string?> { ["Sync:PollIntervalSeconds"] = "0.05" })
{
    private async Task<string> PostAsync(string body)
    {
        var response = await Client.SendAsync(Deliveries.Signed(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    private Task UntilDeliveredAsync(int jobs) =>
        Eventually.HoldsAsync(() => Host.Count("sync_jobs", "status = 'delivered'") == jobs, $"{jobs} local jobs are delivered");

    [Fact]
    public async Task A_new_contact_becomes_a_lead_with_an_activity_and_a_link()
    {
        var executionId = await PostAsync(Deliveries.Body(recId: "l-1:1", email: "  Dana.Lee@Example.com "));
        await UntilDeliveredAsync(1);

        using var db = Host.OpenDatabase();
        var lead = db.QuerySingle("SELECT id, upsert_key, properties FROM local_leads");
        Assert.Equal("dana.lee@example.com", (string)lead.upsert_key);
        var properties = JsonDocument.Parse((string)lead.properties).RootElement;
        Assert.Equal("dana.lee@example.com", properties.GetProperty("email").GetString());
        Assert.Equal("Dana", properties.GetProperty("firstName").GetString());
        Assert.Equal("Act-On", properties.GetProperty("leadSource").GetString());
        Assert.Equal("l-1:1", properties.GetProperty("actOnRecId").GetString());
        var activity = db.QuerySingle("SELECT lead_id, step_execution_id, subject FROM local_activities");
        Assert.Equal((string)lead.id, (string)activity.lead_id);
        Assert.Equal(executionId, (string)activity.step_execution_id);
        Assert.Equal("Act-On: MQL handoff – Send to CRM", (string)activity.subject);
        var link = db.QuerySingle("SELECT crm_object_type, crm_object_id FROM crm_links WHERE destination = 'local' AND rec_id = 'l-1:1'");
        Assert.Equal("lead", (string)link.crm_object_type);
        Assert.Equal((string)lead.id, (string)link.crm_object_id);
        var attempt = db.QuerySingle("SELECT outcome, message FROM sync_attempts");
        Assert.Equal("Success", (string)attempt.outcome);
    }

    [Fact]
    public async Task The_same_contact_at_a_second_step_updates_the_same_lead_and_adds_an_activity()
    {
        await PostAsync(Deliveries.Body(recId: "l-1:1", stepId: "3"));
        await UntilDeliveredAsync(1);
        await PostAsync(Deliveries.Body(recId: "l-1:1", stepId: "4"));
        await UntilDeliveredAsync(2);

        Assert.Equal(1, Host.Count("local_leads"));
        Assert.Equal(2, Host.Count("local_activities"));
    }

    [Fact]
    public async Task A_contact_whose_email_changed_updates_its_linked_lead_rather_than_creating_one()
    {
        await PostAsync(Deliveries.Body(recId: "l-1:1", stepId: "3", email: "old@example.com"));
        await UntilDeliveredAsync(1);
        await PostAsync(Deliveries.Body(recId: "l-1:1", stepId: "4", email: "new@example.com"));
        await UntilDeliveredAsync(2);

        using var db = Host.OpenDatabase();
        Assert.Equal("new@example.com", db.QuerySingle<string>("SELECT upsert_key FROM local_leads"));
    }

    [Fact]
    public async Task Replaying_a_delivered_job_writes_no_second_lead_or_activity()
    {
        await PostAsync(Deliveries.Body(recId: "l-1:1"));
        await UntilDeliveredAsync(1);

        using (var db = Host.OpenDatabase())
            db.Execute("UPDATE sync_jobs SET status = 'pending'");
        await Eventually.HoldsAsync(() => Host.Count("sync_attempts") == 2, "the replayed job ran again");
        await UntilDeliveredAsync(1);

        Assert.Equal(1, Host.Count("local_leads"));
        Assert.Equal(1, Host.Count("local_activities"));
    }

    [Fact]
    public async Task A_contact_without_the_required_email_is_dead_lettered_with_the_reason()
    {
        await PostAsync(Deliveries.Body(recId: "l-1:1", email: ""));
        await Eventually.HoldsAsync(() => Host.Count("sync_jobs", "status = 'dead_lettered'") == 1, "the job is dead-lettered");

        using var db = Host.OpenDatabase();
        Assert.Contains("'email'", db.QuerySingle<string>("SELECT last_error FROM sync_jobs"));
        Assert.Equal(0, Host.Count("local_leads"));
    }

    [Fact]
    public async Task A_duplicate_delivery_creates_no_second_job()
    {
        var body = Deliveries.Body(recId: "l-1:1");
        await Client.SendAsync(Deliveries.Signed(body, "msg_once"));
        await Client.SendAsync(Deliveries.Signed(body, "msg_once"));
        await Client.SendAsync(Deliveries.Signed(body));

        Assert.Equal(1, Host.Count("sync_jobs"));
    }
}
