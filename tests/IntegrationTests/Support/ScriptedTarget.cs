using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ActOnSync.Api.Webhooks;
using ActOnSync.Application.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ActOnSync.IntegrationTests.Support;

/// <summary>
/// A webhook consumer on real Kestrel (127.0.0.1) for the Webhook destination to deliver to. It
/// records every request, verifies its signature with ActOnSync's own verifier, applies each
/// webhook id at most once (a real consumer dedupes retries), and answers from the test's script,
/// then 200 once the script has run out.
/// </summary>
public sealed class ScriptedTarget : IAsyncDisposable
{
    public const string Path = "/hook";

    private readonly WebApplication _app;
    private readonly WebhookSignatureVerifier _verifier;
    private readonly Queue<TargetAnswer> _script = new();
    private readonly List<TargetRequest> _requests = [];
    private readonly HashSet<string> _appliedWebhookIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _effectiveDeliveries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    private ScriptedTarget(WebApplication app, string secret)
    {
        _app = app;
        _verifier = new WebhookSignatureVerifier(Options.Create(new WebhookOptions { SigningSecrets = [secret] }), TimeProvider.System);
    }

    /// <param name="port">0 for a port the OS picks; a port of an earlier target to stand in for it.</param>
    public static async Task<ScriptedTarget> StartAsync(string secret, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var target = new ScriptedTarget(app, secret);
        // Any method: a followed redirect would show up here as a second request.
        app.Map(Path, target.HandleAsync);
        await app.StartAsync();
        return target;
    }

    public int Port => new Uri(_app.Urls.Single()).Port;

    public Uri Url => new($"http://127.0.0.1:{Port}{Path}");

    public IReadOnlyList<TargetRequest> Requests
    {
        get { lock (_gate) return [.. _requests]; }
    }

    /// <summary>The job ids (from the body) the consumer acted on, each with how many times it did.</summary>
    public IReadOnlyDictionary<string, int> EffectiveDeliveries
    {
        get { lock (_gate) return new Dictionary<string, int>(_effectiveDeliveries, StringComparer.OrdinalIgnoreCase); }
    }

    public int EffectiveDeliveriesOf(Guid jobId) => EffectiveDeliveries.GetValueOrDefault(jobId.ToString());

    /// <summary>Queues answers, taken one per request in arrival order.</summary>
    public void Script(params TargetAnswer[] answers)
    {
        lock (_gate)
            foreach (var answer in answers)
                _script.Enqueue(answer);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var webhookId = headers.GetValueOrDefault(StandardWebhooks.IdHeader);
        var signatureFailure = _verifier.Verify(webhookId, headers.GetValueOrDefault(StandardWebhooks.TimestampHeader),
            headers.GetValueOrDefault(StandardWebhooks.SignatureHeader), body);
        var request = new TargetRequest(receivedAt, context.Request.Method, headers, Encoding.UTF8.GetString(body), signatureFailure);

        TargetAnswer answer;
        lock (_gate)
        {
            _requests.Add(request);
            if (signatureFailure is not null)
                answer = new TargetAnswer(StatusCodes.Status401Unauthorized, signatureFailure);
            else
            {
                answer = _script.TryDequeue(out var scripted) ? scripted : new TargetAnswer(StatusCodes.Status200OK);
                // Applied before answering, as a real consumer does: an answer lost on the way back
                // (timeout, dropped connection) still leaves the delivery applied.
                if (answer.Status is >= 200 and < 300 && _appliedWebhookIds.Add(webhookId!) && request.JobId is { } jobId)
                    _effectiveDeliveries[jobId] = _effectiveDeliveries.GetValueOrDefault(jobId) + 1;
            }
        }
        await AnswerAsync(context, answer);
    }

    private async Task AnswerAsync(HttpContext context, TargetAnswer answer)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(answer.Delay, gone.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (answer.CloseConnection)
        {
            context.Abort();
            return;
        }
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null)
            context.Response.Headers.RetryAfter = answer.RetryAfter;
        if (answer.Location is not null)
            context.Response.Headers.Location = answer.Location;
        if (answer.Body is not null)
            await context.Response.WriteAsync(answer.Body, gone.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One scripted answer: a status with optional headers and body, after an optional delay; or a dropped connection.</summary>
public sealed record TargetAnswer(int Status, string? Body = null, string? RetryAfter = null, string? Location = null,
    TimeSpan Delay = default, bool CloseConnection = false)
{
    /// <summary>The connection is closed without an answer.</summary>
    public static TargetAnswer Dropped { get; } = new(0, CloseConnection: true);
}

/// <param name="SignatureFailure">Null when the Standard Webhooks signature verified, else why not.</param>
public sealed record TargetRequest(DateTimeOffset ReceivedAt, string Method, IReadOnlyDictionary<string, string> Headers, string Body,
    string? SignatureFailure)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string? WebhookId => Headers.GetValueOrDefault(StandardWebhooks.IdHeader);

    /// <summary>The job id the body names, when it is a JSON object with one.</summary>
    public string? JobId
    {
        get
        {
            try { return JsonNode.Parse(Body) is JsonObject json ? json["jobId"]?.GetValue<string>() : null; }
            catch (System.Text.Json.JsonException) { return null; }
        }
    }
}
