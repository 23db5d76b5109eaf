using System.Net;
using System.Text.Json;
using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Queries;

public sealed class QueryApiTests : ServiceTest
{
    private readonly HttpClient _admin;

    public QueryApiTests() => _admin = Host.CreateAdminClient();

    private async Task<string> PostAsync(string recId, string stepId = "3", string programId = "00-0001")
    {
        var response = await Client.SendAsync(Deliveries.Signed(Deliveries.Body(recId, stepId, programId)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> GetAsync(string url)
    {
        var response = await _admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static string[] Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task Query_api_requires_the_admin_key()
    {
        foreach (var url in new[] { "/api/step-executions", "/api/quarantine", $"/api/step-executions/{Guid.NewGuid()}" })
        {
            await (await Client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.Unauthorized, "X-Api-Key");
            var wrong = new HttpRequestMessage(HttpMethod.Get, url);
            wrong.Headers.Add("X-Api-Key", ActOnSyncHost.AdminKey + "x");
            Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(wrong)).StatusCode);
        }
    }

    [Fact]
    public async Task One_execution_is_returned_with_every_stored_field()
    {
        var id = await PostAsync("l-7:7");

        var details = await GetAsync($"/api/step-executions/{id}");

        Assert.Equal("l-7:7", details.GetProperty("recId").GetString());
        Assert.Equal("MQL handoff", details.GetProperty("programName").GetString());
        Assert.Equal("https://example.actonsoftware.com/app/contacts/report/l-7:7", details.GetProperty("contactReportLink").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764864000000), details.GetProperty("executedAt").GetDateTimeOffset());
        Assert.True((DateTimeOffset.UtcNow - details.GetProperty("receivedAt").GetDateTimeOffset()).Duration() < TimeSpan.FromMinutes(1));
        Assert.Equal("dana.lee@example.com", details.GetProperty("contactFields").GetProperty("E-mail Address").GetString());
        Assert.Contains("\"recId\":\"l-7:7\"", details.GetProperty("rawBody").GetString());
    }

    [Fact]
    public async Task Unknown_or_malformed_id_is_a_problem()
    {
        await (await _admin.GetAsync($"/api/step-executions/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "No step execution");
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync("/api/step-executions/not-an-id")).StatusCode);
    }

    [Fact]
    public async Task Filters_select_by_contact_step_and_program()
    {
        var a = await PostAsync("l-1:1", "3", "00-0001");
        var b = await PostAsync("l-1:1", "4", "00-0002");
        var c = await PostAsync("l-2:2", "3", "00-0001");

        Assert.Equal([b, a], Ids(await GetAsync("/api/step-executions?recId=l-1:1")));
        Assert.Equal([c, a], Ids(await GetAsync("/api/step-executions?stepId=3")));
        Assert.Equal([b], Ids(await GetAsync("/api/step-executions?programId=00-0002")));
        Assert.Equal([a], Ids(await GetAsync("/api/step-executions?recId=l-1:1&stepId=3")));
    }

    [Fact]
    public async Task Received_time_range_filters()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = await PostAsync("l-1:1");
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        Assert.Equal([id], Ids(await GetAsync($"/api/step-executions?receivedFrom={Uri.EscapeDataString(before.ToString("O"))}&receivedTo={Uri.EscapeDataString(after.ToString("O"))}")));
        Assert.Empty(Ids(await GetAsync($"/api/step-executions?receivedFrom={Uri.EscapeDataString(after.ToString("O"))}")));
        Assert.Empty(Ids(await GetAsync($"/api/step-executions?receivedTo={Uri.EscapeDataString(before.ToString("O"))}")));
    }

    [Fact]
    public async Task Keyset_paging_walks_every_row_once_newest_first()
    {
        var posted = new List<string>();
        for (var i = 0; i < 5; i++)
            posted.Add(await PostAsync($"l-{i}:1"));

        var pages = await Pages.WalkAsync(GetAsync, "/api/step-executions?limit=2");

        Assert.Equal(3, pages.Count);
        posted.Reverse();
        Assert.Equal(posted, pages.SelectMany(p => p));
    }

    [Theory]
    [InlineData("/api/step-executions?limit=0", "limit")]
    [InlineData("/api/step-executions?limit=501", "limit")]
    [InlineData("/api/step-executions?after=xyz", "after")]
    [InlineData("/api/step-executions?receivedFrom=soon", "receivedFrom")]
    [InlineData("/api/quarantine?limit=-1", "limit")]
    public async Task Bad_query_parameters_are_a_400_problem_naming_the_parameter(string url, string parameter)
    {
        var response = await _admin.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(parameter, out _));
    }
}
