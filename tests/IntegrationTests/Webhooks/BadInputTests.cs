using System.Net;
using System.Text;
using ActOnSync.IntegrationTests.Support;
using Dapper;

namespace ActOnSync.IntegrationTests.Webhooks;

public sealed class BadInputTests : ServiceTest
{
    private void AssertNothingStored()
    {
        Assert.Equal(0, Host.Count("step_executions"));
        Assert.Equal(0, Host.Count("quarantined_deliveries"));
    }

    [Fact]
    public async Task Unsigned_delivery_is_401_and_stores_nothing()
    {
        var response = await Client.SendAsync(Deliveries.Unsigned(Deliveries.Body()));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "not signed");
        AssertNothingStored();
    }

    [Fact]
    public async Task Tampered_body_is_401_and_stores_nothing()
    {
        var request = Deliveries.Signed(Deliveries.Body());
        var tampered = Deliveries.Body(email: "attacker@example.com");
        request.Content = new StringContent(tampered, Encoding.UTF8, "application/json");

        var response = await Client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "no signature matches");
        AssertNothingStored();
    }

    [Fact]
    public async Task Signature_made_with_another_secret_is_401()
    {
        var response = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(), secret: "whsec_" + Convert.ToBase64String(new byte[24])));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "no signature matches");
        AssertNothingStored();
    }

    [Fact]
    public async Task Expired_signature_timestamp_is_401()
    {
        var response = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(), at: DateTimeOffset.UtcNow.AddMinutes(-6)));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "too old");
        AssertNothingStored();
    }

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        var body = Deliveries.Body(email: new string('x', ActOnSyncHost.MaxBodyBytes) + "@example.com");

        var response = await Client.SendAsync(Deliveries.Signed(body));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "Webhooks:MaxBodyBytes");
        AssertNothingStored();
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_413_without_a_content_length()
    {
        var request = Deliveries.Unsigned("");
        request.Content = new StreamContent(new MemoryStream(new byte[ActOnSyncHost.MaxBodyBytes * 3]));
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;

        var response = await Client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "larger than");
        AssertNothingStored();
    }

    [Fact]
    public async Task Non_json_content_type_is_415()
    {
        var response = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(), contentType: "text/plain"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "text/plain");
        AssertNothingStored();
    }

    [Theory]
    [InlineData("{\"recId\": \"l-1:1\", ", "not valid JSON")]
    [InlineData("[{\"recId\":\"l-1:1\",\"stepId\":\"3\"}]", "one JSON object")]
    [InlineData("{\"stepId\":\"3\",\"First Name\":\"Dana\"}", "'recId'")]
    [InlineData("{\"recId\":\"l-1:1\",\"First Name\":\"Dana\"}", "'stepId'")]
    [InlineData("{\"recId\":\"l-1:1\",\"stepId\":\"3\",\"timestamp\":\"yesterday\"}", "'timestamp'")]
    public async Task Authentic_but_unusable_body_is_422_and_quarantined_with_the_reason(string body, string reason)
    {
        var response = await Client.SendAsync(Deliveries.Signed(body, "msg_bad"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, reason);
        Assert.Equal(0, Host.Count("step_executions"));
        using var db = Host.OpenDatabase();
        var row = db.QuerySingle("SELECT id, message_id, reason, raw_body, headers, deliveries FROM quarantined_deliveries");
        Assert.Equal(problem.GetProperty("quarantineId").GetString(), (string)row.id);
        Assert.Equal("msg_bad", (string)row.message_id);
        Assert.Contains(reason, (string)row.reason);
        Assert.Equal(body, Encoding.UTF8.GetString((byte[])row.raw_body));
        Assert.Contains("svix-signature", (string)row.headers);
    }

    [Fact]
    public async Task Retries_of_a_quarantined_message_count_on_one_row()
    {
        const string body = "{\"stepId\":\"3\"}";
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Client.SendAsync(Deliveries.Signed(body, "msg_again"))).StatusCode);

        using var db = Host.OpenDatabase();
        Assert.Equal(3L, db.ExecuteScalar<long>("SELECT deliveries FROM quarantined_deliveries WHERE message_id = 'msg_again'"));
        Assert.Equal(1, Host.Count("quarantined_deliveries"));
    }

    [Fact]
    public async Task Quarantined_deliveries_are_listed_with_reason_and_body()
    {
        await Client.SendAsync(Deliveries.Signed("{\"recId\":\"l-1:1\"}", "msg_listed"));

        var list = await (await Host.CreateAdminClient().GetAsync("/api/quarantine")).JsonAsync();

        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("msg_listed", item.GetProperty("messageId").GetString());
        Assert.Contains("'stepId'", item.GetProperty("reason").GetString());
        Assert.Equal("{\"recId\":\"l-1:1\"}", item.GetProperty("rawBody").GetString());
        Assert.Equal(1, item.GetProperty("deliveries").GetInt32());
    }

    [Fact]
    public async Task Message_id_longer_than_200_characters_is_a_400_problem()
    {
        var response = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(), "msg_" + new string('x', 200)));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "longer than 200");
        AssertNothingStored();
    }
}
