using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActOnSync.Fakes.Salesforce;
using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>
/// The fake Salesforce keeps the documented behaviour the adapter never provokes on purpose: the
/// tests of the adapter are only as good as the fake's faithfulness.
/// </summary>
public sealed class SalesforceFakeTests : IAsyncLifetime
{
    private const string Collection = "/services/data/v60.0/composite/sobjects/Lead/ActOn_RecId__c";

    private FakeSalesforce _salesforce = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _salesforce = await FakeSalesforce.StartAsync();
        _client = new HttpClient { BaseAddress = _salesforce.BaseUrl };
    }

    [Theory]
    [InlineData("client_credentials", "wrong-id", null, "invalid_client_id")]
    [InlineData("client_credentials", null, "wrong-secret", "invalid_client")]
    [InlineData("password", null, null, "unsupported_grant_type")]
    public async Task Token_endpoint_refuses_a_bad_grant_with_an_oauth_error(string grant, string? clientId, string? secret, string error)
    {
        var response = await RequestTokenAsync(grant, clientId, secret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, (await response.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal(0, _salesforce.TokensIssued);
    }

    [Fact]
    public async Task Unknown_token_is_answered_401_invalid_session_with_the_api_usage()
    {
        var response = await SendAsync(HttpMethod.Patch, Collection, new JsonObject { ["records"] = new JsonArray() }, "00D!not-issued");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID","fields":[]}]""",
            await response.Content.ReadAsStringAsync());
        Assert.Equal("api-usage=0/15000", Assert.Single(response.Headers.GetValues("Sforce-Limit-Info")));
    }

    [Fact]
    public async Task Collection_of_more_than_200_records_is_refused_whole()
    {
        var records = Enumerable.Range(0, 201).Select(i => Lead($"l-{i:0000}:1")).ToArray();

        var response = await SendAsync(HttpMethod.Patch, Collection, Records(records), await TokenAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("EXCEEDED_ID_LIMIT", await response.Content.ReadAsStringAsync());
        Assert.Equal("api-usage=1/15000", Assert.Single(response.Headers.GetValues("Sforce-Limit-Info")));
        Assert.Empty(_salesforce.Records("Lead"));
    }

    [Fact]
    public async Task Key_twice_in_one_collection_refuses_both_records_and_writes_the_others()
    {
        var response = await SendAsync(HttpMethod.Patch, Collection,
            Records(Lead("l-0001:1"), Lead("L-0001:1"), Lead("l-0002:1")), await TokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.All(results.Take(2), result =>
        {
            Assert.False(result!["success"]!.GetValue<bool>());
            Assert.Equal("DUPLICATE_VALUE", result["errors"]![0]!["statusCode"]!.GetValue<string>());
        });
        Assert.True(results[2]!["created"]!.GetValue<bool>());
        Assert.Equal("l-0002:1", Assert.Single(_salesforce.Records("Lead"))["ActOn_RecId__c"]);
    }

    private static JsonObject Lead(string key) => new() { ["attributes"] = new JsonObject { ["type"] = "Lead" }, ["ActOn_RecId__c"] = key, ["LastName"] = "Lee", ["Company"] = "Example" };

    private static JsonObject Records(params JsonObject[] records) => new() { ["allOrNone"] = false, ["records"] = new JsonArray(records) };

    private async Task<string> TokenAsync()
    {
        var response = await RequestTokenAsync("client_credentials", null, null);
        return (await response.JsonAsync()).GetProperty("access_token").GetString()!;
    }

    private Task<HttpResponseMessage> RequestTokenAsync(string grant, string? clientId, string? secret) =>
        _client.PostAsync("/services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grant,
            ["client_id"] = clientId ?? _salesforce.Settings.ClientId,
            ["client_secret"] = secret ?? _salesforce.Settings.ClientSecret,
        }));

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject body, string token)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _client.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _salesforce.DisposeAsync();
    }
}
