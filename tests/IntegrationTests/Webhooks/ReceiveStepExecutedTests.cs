using System.Net;
using ActOnSync.IntegrationTests.Support;
using Dapper;

namespace ActOnSync.IntegrationTests.Webhooks;

public sealed class ReceiveStepExecutedTests : ServiceTest
{
    [Fact]
    public async Task New_event_is_stored_and_answered_202_with_its_id()
    {
        var body = Deliveries.Body();
        var response = await Client.SendAsync(Deliveries.Signed(body, "msg_happy"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.Equal("accepted", json.GetProperty("status").GetString());
        var id = json.GetProperty("id").GetString();

        using var db = Host.OpenDatabase();
        var row = db.QuerySingle("SELECT id, message_id, rec_id, step_id, program_id, program_name, step_name, executed_at, contact_fields, raw_body FROM step_executions");
        Assert.Equal(id, (string)row.id);
        Assert.Equal("msg_happy", (string)row.message_id);
        Assert.Equal("l-0001:1", (string)row.rec_id);
        Assert.Equal("3", (string)row.step_id);
        Assert.Equal("00-0001", (string)row.program_id);
        Assert.Equal("MQL handoff", (string)row.program_name);
        Assert.Equal("Send to CRM", (string)row.step_name);
        Assert.Equal(1764864000000L, (long)row.executed_at);
        Assert.Equal(body, System.Text.Encoding.UTF8.GetString((byte[])row.raw_body));
        Assert.Contains("\"E-mail Address\":\"dana.lee@example.com\"", (string)row.contact_fields);
        Assert.DoesNotContain("recId", (string)row.contact_fields);
    }

    [Fact]
    public async Task Standard_webhooks_header_names_are_accepted()
    {
        var response = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(), headerPrefix: "webhook"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, Host.Count("step_executions"));
    }

    [Fact]
    public async Task Retry_of_the_same_message_is_a_duplicate_with_the_stored_id()
    {
        var first = await (await Client.SendAsync(Deliveries.Signed(Deliveries.Body(), "msg_retry"))).JsonAsync();
        var retry = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(), "msg_retry"));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var json = await retry.JsonAsync();
        Assert.Equal("duplicate", json.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("id").GetString(), json.GetProperty("id").GetString());
        Assert.Equal(1, Host.Count("step_executions"));
    }

    [Fact]
    public async Task Same_contact_and_step_under_a_new_message_id_is_a_duplicate()
    {
        var first = await (await Client.SendAsync(Deliveries.Signed(Deliveries.Body(recId: "l-9:9", stepId: "7")))).JsonAsync();
        var again = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(recId: "l-9:9", stepId: "7", email: "new@example.com")));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.GetProperty("id").GetString(), (await again.JsonAsync()).GetProperty("id").GetString());
        Assert.Equal(1, Host.Count("step_executions"));
    }

    [Fact]
    public async Task Same_contact_at_another_step_is_a_new_event()
    {
        await Client.SendAsync(Deliveries.Signed(Deliveries.Body(stepId: "3")));
        var other = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(stepId: "4")));

        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        Assert.Equal(2, Host.Count("step_executions"));
    }

    [Fact]
    public async Task Fifty_concurrent_identical_deliveries_store_one_row_and_accept_once()
    {
        var body = Deliveries.Body();
        var responses = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => Client.SendAsync(Deliveries.Signed(body, "msg_storm"))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync()).GetProperty("id").GetString()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, Host.Count("step_executions"));
    }

    [Fact]
    public async Task Fifty_concurrent_deliveries_of_one_contact_and_step_under_different_message_ids_store_one_row()
    {
        var body = Deliveries.Body();
        var responses = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(_ => Client.SendAsync(Deliveries.Signed(body))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, Host.Count("step_executions"));
    }
}
