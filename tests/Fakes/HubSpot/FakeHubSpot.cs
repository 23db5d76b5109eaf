using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ActOnSync.Fakes.HubSpot;

/// <summary>
/// HubSpot's CRM v3 API on real Kestrel (127.0.0.1, a port the OS picks), as documented
/// (../shared/docs/crm-apis.md and HubSpot's reference): bearer token, contacts batch upsert by
/// email, notes batch create with associations, batch limits, multi-status answers, and the
/// rolling rate limit answering 429 with its <c>X-HubSpot-RateLimit-*</c> headers.
/// A test can script outages, rotate the token, hold answers, and read what the account holds.
/// </summary>
public sealed class FakeHubSpot : IAsyncDisposable
{
    public const string UpsertContactsPath = "/crm/v3/objects/contacts/batch/upsert";
    public const string CreateNotesPath = "/crm/v3/objects/notes/batch/create";

    private const string MissingCredentials = "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can " +
                                              "find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview";

    private readonly WebApplication _app;
    private readonly FakeHubSpotAccount _account;
    private readonly RollingWindow _window;
    private readonly List<(int Status, string? Path)> _outage = [];
    private readonly List<FakeHubSpotRequest> _log = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _answering = Answering();
    private string _token;
    private int _requests;
    private int _throttled;

    private FakeHubSpot(WebApplication app, FakeHubSpotOptions options)
    {
        _app = app;
        _account = new FakeHubSpotAccount(options.ContactProperties);
        _window = new RollingWindow(options.RateLimitMax, options.RateLimitInterval);
        _token = options.Token;
    }

    public static async Task<FakeHubSpot> StartAsync(FakeHubSpotOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeHubSpot(app, options ?? new FakeHubSpotOptions());
        app.Map("{**path}", fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>What the adapter's <c>BaseUrl</c> is set to.</summary>
    public Uri BaseUrl => new(_app.Urls.Single() + "/");

    /// <summary>The one token accepted now.</summary>
    public string Token
    {
        get { lock (_gate) return _token; }
    }

    /// <summary>Every call received, answered or not yet.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Calls answered 429.</summary>
    public int Throttled => Volatile.Read(ref _throttled);

    public IReadOnlyList<FakeHubSpotRequest> Log
    {
        get { lock (_gate) return [.. _log]; }
    }

    public IReadOnlyList<FakeContact> Contacts => _account.Contacts;

    public IReadOnlyList<FakeNote> Notes => _account.Notes;

    /// <summary>A new token replaces the old one, as when a private app's token is rotated: the old one is refused from now on.</summary>
    public void RotateToken(string newToken)
    {
        lock (_gate) _token = newToken;
    }

    /// <summary>The next <paramref name="count"/> calls (to <paramref name="path"/> only, when given) answer <paramref name="status"/> and change nothing.</summary>
    public void FailNext(int count, int status, string? path = null)
    {
        lock (_gate)
            _outage.AddRange(Enumerable.Repeat((status, path), count));
    }

    /// <summary>Calls wait, unanswered and not yet applied, until <see cref="ReleaseAnswers"/>.</summary>
    public void HoldAnswers()
    {
        lock (_gate)
            if (_answering.Task.IsCompleted)
                _answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ReleaseAnswers()
    {
        lock (_gate) _answering.TrySetResult();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        Task answering;
        lock (_gate) answering = _answering.Task;
        await answering.WaitAsync(context.RequestAborted);

        var path = context.Request.Path.Value ?? "";
        var answer = await AnswerAsync(context, path);
        lock (_gate) _log.Add(new FakeHubSpotRequest(path, answer.Status, answer.Inputs));
        context.Response.StatusCode = answer.Status;
        await context.Response.WriteAsJsonAsync(answer.Body, FakeAnswer.Json, context.RequestAborted);
    }

    private async Task<FakeAnswer> AnswerAsync(HttpContext context, string path)
    {
        if (TakeOutage(path) is { } outage)
            return new FakeAnswer(outage, FakeAnswer.Error("INTERNAL_ERROR", $"HTTP {outage}: the fake's scripted outage."));
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
            return new FakeAnswer(401, FakeAnswer.Error("INVALID_AUTHENTICATION", MissingCredentials));

        var remaining = _window.TryEnter();
        var headers = context.Response.Headers;
        headers["X-HubSpot-RateLimit-Max"] = _window.Max.ToString(CultureInfo.InvariantCulture);
        headers["X-HubSpot-RateLimit-Remaining"] = (remaining ?? 0).ToString(CultureInfo.InvariantCulture);
        headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = ((long)_window.Interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        if (remaining is null)
        {
            Interlocked.Increment(ref _throttled);
            return new FakeAnswer(429, new Dictionary<string, string>
            {
                ["status"] = "error",
                ["message"] = "You have reached your ten_secondly_rolling limit.",
                ["errorType"] = "RATE_LIMIT",
                ["correlationId"] = Guid.NewGuid().ToString(),
                ["policyName"] = "TEN_SECONDLY_ROLLING",
                ["requestId"] = Guid.NewGuid().ToString(),
            });
        }

        return (context.Request.Method, path) switch
        {
            ("POST", UpsertContactsPath) => await ReadAsync<UpsertInput>(context.Request) is { } contacts
                ? _account.Upsert(contacts)
                : FakeAnswer.Invalid("Invalid input JSON: expected {\"inputs\":[...]}."),
            ("POST", CreateNotesPath) => await ReadAsync<NoteInput>(context.Request) is { } notes
                ? _account.CreateNotes(notes)
                : FakeAnswer.Invalid("Invalid input JSON: expected {\"inputs\":[...]}."),
            _ => new FakeAnswer(404, FakeAnswer.Error("OBJECT_NOT_FOUND", $"{context.Request.Method} {path} is not an endpoint of this fake.")),
        };
    }

    private int? TakeOutage(string path)
    {
        lock (_gate)
        {
            var index = _outage.FindIndex(o => o.Path is null || o.Path == path);
            if (index < 0)
                return null;
            var status = _outage[index].Status;
            _outage.RemoveAt(index);
            return status;
        }
    }

    private static async Task<BatchInput<T>?> ReadAsync<T>(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<BatchInput<T>>(request.Body, FakeAnswer.Json, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TaskCompletionSource Answering()
    {
        var answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        answering.SetResult();
        return answering;
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseAnswers();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
