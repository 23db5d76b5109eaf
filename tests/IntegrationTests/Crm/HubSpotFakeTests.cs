using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActOnSync.Fakes.HubSpot;
using ActOnSync.IntegrationTests.Support;

namespace ActOnSync.IntegrationTests.Crm;

/// <summary>The fake HubSpot's documented behaviour that the adapter's tests do not reach (the adapter never oversteps it).</summary>
public sealed class HubSpotFakeTests : IAsyncLifetime
{
    private FakeHubSpot _hubSpot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _hubSpot = await FakeHubSpot.StartAsync(new FakeHubSpotOptions { RateLimitMax = 5 });
        _http = new HttpClient { BaseAddress = _hubSpot.BaseUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _hubSpot.Token);
    }

    [Theory]
    [InlineData(FakeHubSpot.UpsertContactsPath)]
    [InlineData(FakeHubSpot.CreateNotesPath)]
    public async Task More_than_100_inputs_are_refused_whole(string path)
    {
        var inputs = Enumerable.Range(0, 101).Select(i => path == FakeHubSpot.CreateNotesPath ? Note("1001", $"{i}") : Contact(i));

        var response = await _http.PostAsJsonAsync(path.TrimStart('/'), new { inputs });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("error", "VALIDATION_ERROR"), Error(await response.JsonAsync()));
        Assert.Empty(_hubSpot.Contacts);
        Assert.Empty(_hubSpot.Notes);
    }

    [Fact]
    public async Task Invalid_emails_fail_alone_with_207_and_all_invalid_is_400()
    {
        var some = await UpsertAsync(Contact(1), new { idProperty = "email", id = "not-an-email", properties = new { } });
        var all = await UpsertAsync(new { idProperty = "email", id = "nobody", properties = new { } });

        Assert.Equal(HttpStatusCode.MultiStatus, some.StatusCode);
        var body = await some.JsonAsync();
        Assert.Equal(1, body.GetProperty("numErrors").GetInt32());
        Assert.Equal("not-an-email", body.GetProperty("errors")[0].GetProperty("context").GetProperty("ids")[0].GetString());
        Assert.True(body.GetProperty("results")[0].GetProperty("new").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, all.StatusCode);
        Assert.Equal(["contact1@example.com"], _hubSpot.Contacts.Select(c => c.Email));
    }

    [Fact]
    public async Task Note_for_a_contact_that_does_not_exist_fails_alone()
    {
        await UpsertAsync(Contact(1));
        var contactId = _hubSpot.Contacts.Single().Id;

        var response = await _http.PostAsJsonAsync(FakeHubSpot.CreateNotesPath.TrimStart('/'), new { inputs = new[] { Note(contactId, "a"), Note("999999", "b") } });

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        Assert.Equal("b", (await response.JsonAsync()).GetProperty("errors")[0].GetProperty("context").GetProperty("objectWriteTraceId")[0].GetString());
        Assert.Equal([contactId], Assert.Single(_hubSpot.Notes).ContactIds);
    }

    [Fact]
    public async Task Missing_wrong_and_rotated_tokens_are_401()
    {
        var old = _hubSpot.Token;
        _hubSpot.RotateToken("pat-na1-rotated");

        var withOld = await UpsertAsync(Contact(1));
        _http.DefaultRequestHeaders.Authorization = null;
        var without = await UpsertAsync(Contact(1));
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "pat-na1-rotated");
        var withNew = await UpsertAsync(Contact(1));

        Assert.NotEqual(old, _hubSpot.Token);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK], [withOld.StatusCode, without.StatusCode, withNew.StatusCode]);
        Assert.Equal(("error", "INVALID_AUTHENTICATION"), Error(await withOld.JsonAsync()));
    }

    [Fact]
    public async Task Calls_over_the_rolling_limit_are_429_with_HubSpots_headers_and_body()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
            answers.Add(await UpsertAsync(Contact(i)));

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Append(HttpStatusCode.TooManyRequests), answers.Select(a => a.StatusCode));
        var throttled = answers[^1];
        Assert.Equal(("5", "0", "10000"), (Header(throttled, "X-HubSpot-RateLimit-Max"), Header(throttled, "X-HubSpot-RateLimit-Remaining"),
            Header(throttled, "X-HubSpot-RateLimit-Interval-Milliseconds")));
        var body = await throttled.JsonAsync();
        Assert.Equal(("RATE_LIMIT", "TEN_SECONDLY_ROLLING"), (body.GetProperty("errorType").GetString(), body.GetProperty("policyName").GetString()));
        Assert.Equal((6, 1), (_hubSpot.Requests, _hubSpot.Throttled));
        Assert.Equal(5, _hubSpot.Contacts.Count);
    }

    private Task<HttpResponseMessage> UpsertAsync(params object[] inputs) =>
        _http.PostAsJsonAsync(FakeHubSpot.UpsertContactsPath.TrimStart('/'), new { inputs });

    private static object Contact(int i) => new { idProperty = "email", id = $"contact{i}@example.com", properties = new { firstname = "Dana" } };

    private static object Note(string contactId, string trace) => new
    {
        properties = new { hs_timestamp = "2025-12-04T16:00:00.000Z", hs_note_body = "Act-On" },
        associations = new[] { new { to = new { id = contactId }, types = new[] { new { associationCategory = "HUBSPOT_DEFINED", associationTypeId = 202 } } } },
        objectWriteTraceId = trace,
    };

    private static (string?, string?) Error(JsonElement body) => (body.GetProperty("status").GetString(), body.GetProperty("category").GetString());

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _hubSpot.DisposeAsync();
    }
}
