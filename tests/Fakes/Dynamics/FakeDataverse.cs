using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActOnSync.Fakes.Dynamics;

/// <summary>
/// A Dynamics 365 environment (Dataverse Web API v9.2, leads and tasks) and its Entra ID token
/// endpoint, on real Kestrel at 127.0.0.1, built from Microsoft's documented behaviour: client
/// credentials tokens, upsert by alternate key with If-Match / If-None-Match, 204 with
/// OData-EntityId, <c>{"error":{"code","message"}}</c> errors, and service protection 429s with
/// Retry-After. Its user starts and disposes it, scripts outages and limits, and reads what it holds.
/// </summary>
public sealed partial class FakeDataverse : IAsyncDisposable
{
    public const string TenantId = "8d2e7c41-5a0b-4f3e-9c6d-1b2a3c4d5e6f";
    public const string ClientId = "3f9a6b2c-7d4e-4a1b-8c5f-0e1d2c3b4a59";
    public const string ClientSecret = "fake~secret.Q8wR3tY6uI9oP2aS5dF";

    private const string ApiPath = "/api/data/v9.2/";

    private readonly WebApplication _app;
    private readonly FakeEntraId _entraId = new(TenantId, ClientId, ClientSecret);
    private readonly FakeServiceProtection _protection = new();
    private readonly FakeDataverseTables _tables;
    private readonly List<DataverseRequest> _requests = [];
    private readonly Lock _gate = new();
    private (int Count, int Status) _outage;
    private string? _dropAnswerTo;

    private FakeDataverse(WebApplication app, string alternateKey)
    {
        _app = app;
        _tables = new FakeDataverseTables(alternateKey, () => $"{BaseUrl}{ApiPath[1..]}");
    }

    /// <param name="alternateKey">The column of the leads' alternate key.</param>
    public static async Task<FakeDataverse> StartAsync(string alternateKey = "emailaddress1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var dataverse = new FakeDataverse(app, alternateKey);
        app.MapPost("/{tenant}/oauth2/v2.0/token", dataverse.IssueTokenAsync);
        app.Map(ApiPath + "{**resource}", dataverse.HandleWebApiAsync);
        await app.StartAsync();
        return dataverse;
    }

    /// <summary>The environment's address, e.g. <c>http://127.0.0.1:5123</c> (no trailing slash), as <c>BaseUrl</c> takes it.</summary>
    public string BaseUrl => new Uri(_app.Urls.Single()).GetLeftPart(UriPartial.Authority);

    public string TokenUrl => $"{BaseUrl}/{TenantId}/oauth2/v2.0/token";

    public IReadOnlyList<FakeLead> Leads
    {
        get { lock (_gate) return _tables.Leads; }
    }

    public IReadOnlyList<FakeTask> Tasks
    {
        get { lock (_gate) return _tables.Tasks; }
    }

    /// <summary>Every Web API call (not token requests), in the order they arrived.</summary>
    public IReadOnlyList<DataverseRequest> Requests
    {
        get { lock (_gate) return [.. _requests.OrderBy(r => r.ReceivedAt)]; }
    }

    public int TokensIssued
    {
        get { lock (_gate) return _entraId.Issued; }
    }

    public FakeLead? LeadByKey(string key) => Leads.SingleOrDefault(l => string.Equals(l.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>A lead that exists before any sync, as one entered in Dynamics by hand.</summary>
    public FakeLead SeedLead(string key, IReadOnlyDictionary<string, string> columns)
    {
        lock (_gate)
            return _tables.Seed(key, columns);
    }

    /// <summary>Every token issued so far is refused from now on (401), as after a revocation.</summary>
    public void RevokeAllTokens()
    {
        lock (_gate)
            _entraId.RevokeAll();
    }

    /// <summary>The next <paramref name="count"/> Web API calls are answered <paramref name="status"/>, as in an outage.</summary>
    public void FailNext(int count, int status = 503)
    {
        lock (_gate)
            _outage = (count, status);
    }

    /// <summary>The next <paramref name="method"/> call is applied, then its connection closed without an answer.</summary>
    public void DropNextAnswer(string method)
    {
        lock (_gate)
            _dropAnswerTo = method;
    }

    /// <summary>Turns on service protection: over <paramref name="requests"/> per <paramref name="window"/>, 429 for <paramref name="retryAfter"/>.</summary>
    public void LimitRequests(int requests, TimeSpan window, TimeSpan retryAfter)
    {
        lock (_gate)
            _protection.Limit(requests, window, retryAfter);
    }

    private async Task IssueTokenAsync(HttpContext context, string tenant)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : FormCollection.Empty;
        (int Status, JsonObject Body) answer;
        lock (_gate)
            answer = _entraId.Issue(tenant, form, BaseUrl, DateTimeOffset.UtcNow);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer.Body.ToJsonString());
    }

    private async Task HandleWebApiAsync(HttpContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        var request = context.Request;
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        DataverseReply reply;
        var drop = false;
        lock (_gate)
        {
            reply = Answer(request.Method, request.Path.Value!, headers, body, receivedAt);
            _requests.Add(new DataverseRequest(receivedAt, request.Method, request.Path.Value!, headers, body, reply.Status));
            if (_dropAnswerTo == request.Method)
                (drop, _dropAnswerTo) = (true, null);
        }
        if (drop)
            context.Abort();
        else
            await WriteAsync(context.Response, reply);
    }

    /// <summary>In the order Dataverse's front door checks: up at all, who calls, too many calls, then the operation.</summary>
    private DataverseReply Answer(string method, string path, IReadOnlyDictionary<string, string> headers, string body, DateTimeOffset now)
    {
        if (_outage.Count > 0)
        {
            _outage.Count--;
            return DataverseReply.Error(_outage.Status, "", "The service is temporarily unavailable. Please try again later.");
        }
        if (!_entraId.Accepts(headers.GetValueOrDefault("Authorization"), now))
            return DataverseReply.Error(401, "", "The access token is missing, expired or revoked.") with
            {
                WwwAuthenticate = $"Bearer error=invalid_token, error_description=\"Error during token validation!\", " +
                                  $"authorization_uri=https://login.microsoftonline.com/{TenantId}/oauth2/authorize, resource_id={BaseUrl}",
            };
        if (_protection.Admit(now) is { } seconds)
            return DataverseReply.Error(429, "0x80072322", _protection.Describe()) with { RetryAfterSeconds = seconds };

        var resource = path[ApiPath.Length..];
        if (JsonBody(body) is not { } json)
            return DataverseReply.Error(400, "", "The request body is not a JSON object.");
        if (method == HttpMethods.Patch && LeadByKeyResource().Match(resource) is { Success: true } byKey)
            return _tables.WriteLead(byKey.Groups[1].Value, headers.GetValueOrDefault("If-Match"), headers.GetValueOrDefault("If-None-Match"), json);
        if (method == HttpMethods.Post && resource == "tasks")
            return _tables.CreateTask(json);
        var segment = resource.Split('(', '/')[0];
        return segment is "leads" or "tasks"
            ? DataverseReply.Error(405, "", $"The {method} of '{resource}' is not supported by this environment.")
            : DataverseReply.Error(404, "0x8006088a", $"Resource not found for the segment '{segment}'.");
    }

    private static JsonObject? JsonBody(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(HttpResponse response, DataverseReply reply)
    {
        response.StatusCode = reply.Status;
        response.Headers["OData-Version"] = "4.0";
        if (reply.EntityId is not null)
            response.Headers["OData-EntityId"] = reply.EntityId;
        if (reply.RetryAfterSeconds is { } seconds)
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (reply.WwwAuthenticate is not null)
            response.Headers.WWWAuthenticate = reply.WwwAuthenticate;
        if (reply.Body is not null)
        {
            response.ContentType = "application/json; odata.metadata=minimal";
            await response.WriteAsync(reply.Body.ToJsonString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex(@"^leads\((.*)\)$")]
    private static partial Regex LeadByKeyResource();
}
