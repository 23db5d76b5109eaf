using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActOnSync.Fakes.Salesforce;

/// <param name="ExternalIdField">The external id field of Leads and Contacts; upserts by any other field answer 404.</param>
/// <param name="ApiRequestLimit">The org's API requests per rolling 24 hours.</param>
public sealed record FakeSalesforceSettings(
    string ClientId = "3MVG9.fake-consumer-key",
    string ClientSecret = "fake-consumer-secret",
    string ExternalIdField = "ActOn_RecId__c",
    int ApiRequestLimit = 15_000);

/// <summary>One request as the fake answered it.</summary>
public sealed record FakeSalesforceRequest(string Method, string Path, int Status, string Body)
{
    public JsonNode? Json => Body.Length > 0 ? JsonNode.Parse(Body) : null;
}

/// <summary>
/// A Salesforce org's REST API on real Kestrel (127.0.0.1, a port the OS picks), built from the
/// documented behaviour (docs/crm-apis.md): OAuth 2.0 client-credentials tokens, 401
/// INVALID_SESSION_ID for a token it does not know, the API request allocation (403
/// REQUEST_LIMIT_EXCEEDED once spent), <c>Sforce-Limit-Info</c> on every answer, and the resources
/// of <see cref="FakeRestApi"/>. Tests script tokens, limits, outages and held requests, and read
/// what the org holds.
/// </summary>
public sealed partial class FakeSalesforce : IAsyncDisposable
{
    private const string OrgId = "00D000000000001AAA";

    private readonly WebApplication _app;
    private readonly FakeOrg _org;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _liveTokens = new(StringComparer.Ordinal);
    private readonly List<FakeSalesforceRequest> _requests = [];
    private TaskCompletionSource _released = Open();
    private bool _expireNewTokens;
    private int _tokensIssued;
    private int _apiUsage;
    private int _failNext;
    private int _held;

    private FakeSalesforce(WebApplication app, FakeSalesforceSettings settings)
    {
        _app = app;
        Settings = settings;
        _org = new FakeOrg(settings.ExternalIdField);
    }

    public static async Task<FakeSalesforce> StartAsync(FakeSalesforceSettings? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSalesforce(app, settings ?? new FakeSalesforceSettings());
        app.Use(fake.ServeAsync);
        app.MapPost("/services/oauth2/token", FakeRestApi.Handler(fake.IssueTokenAsync));
        FakeRestApi.Map(app.MapGroup("/services/data/{version}").AddEndpointFilter(fake.AuthorizeAsync), fake._org);
        app.MapFallback(FakeRestApi.NotFound);
        await app.StartAsync();
        return fake;
    }

    public FakeSalesforceSettings Settings { get; }

    /// <summary>The org's My Domain URL, which is also the instance URL of its tokens.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{new Uri(_app.Urls.Single()).Port}/");

    public int TokensIssued
    {
        get { lock (_gate) return _tokensIssued; }
    }

    /// <summary>Every token issued so far stops working, as when a session times out or an admin revokes it.</summary>
    public void ExpireTokens()
    {
        lock (_gate) _liveTokens.Clear();
    }

    /// <summary>While true, every token is dead as soon as issued: the app's sessions keep being revoked.</summary>
    public bool ExpireNewTokens
    {
        get { lock (_gate) return _expireNewTokens; }
        set { lock (_gate) _expireNewTokens = value; }
    }

    /// <summary>The org has spent its API requests: every call answers 403 REQUEST_LIMIT_EXCEEDED.</summary>
    public void ExhaustApiLimit()
    {
        lock (_gate) _apiUsage = Settings.ApiRequestLimit;
    }

    /// <summary>The requests of the last 24 hours have left the window.</summary>
    public void ResetApiUsage()
    {
        lock (_gate) _apiUsage = 0;
    }

    /// <summary>The next <paramref name="count"/> requests, of any kind, answer 503.</summary>
    public void FailNextRequests(int count)
    {
        lock (_gate) _failNext = count;
    }

    /// <summary>Requests wait unanswered until <see cref="ReleaseRequests"/>.</summary>
    public void HoldRequests()
    {
        lock (_gate)
            if (_released.Task.IsCompleted)
                _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ReleaseRequests()
    {
        lock (_gate) _released.TrySetResult();
    }

    /// <summary>How many requests are waiting for <see cref="ReleaseRequests"/>.</summary>
    public int HeldRequests
    {
        get { lock (_gate) return _held; }
    }

    public IReadOnlyList<FakeSalesforceRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    public IReadOnlyList<FakeSalesforceRecord> Records(string objectType) => _org.All(objectType);

    /// <summary>Puts a record in the org as it is, unchecked: what earlier imports or users left there.</summary>
    /// <returns>Its id.</returns>
    public string Seed(string objectType, IReadOnlyDictionary<string, string?> fields) => _org.Seed(objectType, fields);

    /// <summary>Every request: held while tests hold them, failed during an outage, recorded, and answered with the org's API usage.</summary>
    private async Task ServeAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        context.Response.OnStarting(() =>
        {
            lock (_gate)
                context.Response.Headers["Sforce-Limit-Info"] = $"api-usage={_apiUsage}/{Settings.ApiRequestLimit}";
            return Task.CompletedTask;
        });

        await WhileHeldAsync(context.RequestAborted);
        var outage = false;
        lock (_gate)
        {
            if (_failNext > 0)
            {
                _failNext--;
                outage = true;
            }
        }
        if (outage)
            await FakeRestApi.Errors(503, new FakeError("SERVER_UNAVAILABLE", "Server temporarily unavailable; please try again later")).ExecuteAsync(context);
        else
            await next(context);

        lock (_gate)
            _requests.Add(new FakeSalesforceRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Response.StatusCode, body));
    }

    private async Task WhileHeldAsync(CancellationToken aborted)
    {
        Task released;
        lock (_gate)
        {
            released = _released.Task;
            if (released.IsCompleted)
                return;
            _held++;
        }
        try
        {
            await released.WaitAsync(aborted);
        }
        finally
        {
            lock (_gate) _held--;
        }
    }

    /// <summary>The client-credentials grant, with the form parameters Salesforce takes and its OAuth errors.</summary>
    private async Task<IResult> IssueTokenAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        if (form["grant_type"].ToString() != "client_credentials")
            return Refuse("unsupported_grant_type", "grant type not supported");
        if (form["client_id"].ToString() != Settings.ClientId)
            return Refuse("invalid_client_id", "client identifier invalid");
        if (form["client_secret"].ToString() != Settings.ClientSecret)
            return Refuse("invalid_client", "invalid client credentials");

        var token = $"{OrgId[..15]}!{Guid.NewGuid():N}";
        lock (_gate)
        {
            _tokensIssued++;
            if (!_expireNewTokens)
                _liveTokens.Add(token);
        }
        return FakeRestApi.Json(200, new JsonObject
        {
            ["access_token"] = token,
            ["signature"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
            ["scope"] = "api",
            ["instance_url"] = BaseUrl.AbsoluteUri.TrimEnd('/'),
            ["id"] = $"{BaseUrl}id/{OrgId}/005000000000001AAA",
            ["token_type"] = "Bearer",
            ["issued_at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        });

        static IResult Refuse(string error, string description) =>
            FakeRestApi.Json(400, new JsonObject { ["error"] = error, ["error_description"] = description });
    }

    /// <summary>A REST call needs a live token, then counts against the org's allocation (a refused one does not).</summary>
    private async ValueTask<object?> AuthorizeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var request = invocation.HttpContext.Request;
        if (!ApiVersion().IsMatch(request.RouteValues["version"]?.ToString() ?? ""))
            return FakeRestApi.NotFound();
        var authorization = request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : "";
        lock (_gate)
        {
            if (!_liveTokens.Contains(token))
                return FakeRestApi.Errors(401, new FakeError("INVALID_SESSION_ID", "Session expired or invalid"));
            if (_apiUsage >= Settings.ApiRequestLimit)
                return FakeRestApi.Errors(403, new FakeError("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
            _apiUsage++;
        }
        return await next(invocation);
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseRequests();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex(@"^v\d+\.\d$")]
    private static partial Regex ApiVersion();

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
