using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ActOnSync.Application.Common;
using ActOnSync.Application.StepExecutions.ReceiveStepExecuted;

namespace ActOnSync.Bench;

/// <summary>One Act-On delivery's body and the message id it is sent under.</summary>
public sealed record WebhookEvent(string MessageId, string RecId, string StepId, byte[] Body);

/// <summary>A delivery signed with <see cref="ServiceProcess.Secret"/> (Standard Webhooks headers).</summary>
public sealed record SignedDelivery(string MessageId, string Timestamp, string Signature, byte[] Body)
{
    public HttpRequestMessage ToRequest(Uri service)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(service, WebhookEvents.Path)) { Content = new ByteArrayContent(Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(StandardWebhooks.IdHeader, MessageId);
        request.Headers.Add(StandardWebhooks.TimestampHeader, Timestamp);
        request.Headers.Add(StandardWebhooks.SignatureHeader, Signature);
        return request;
    }
}

/// <summary>
/// New step executions for load: samples/step-executed.json, each time for another contact, so
/// every event has its own (recId, stepId), message id and e-mail address (the Local
/// destination creates a lead per event). Unique within the process: the preload and the runs
/// of one benchmark never collide.
/// </summary>
public static class WebhookEvents
{
    public const string Path = "/webhooks/acton/" + ReceiveStepExecuted.Endpoint;

    private static readonly JsonObject Sample =
        JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Repository.Root, "samples", "step-executed.json")))!.AsObject();

    private static readonly byte[] Key = SigningSecret.TryDecode(ServiceProcess.Secret, out var key) ? key : [];

    private static long _next;

    public static WebhookEvent Next()
    {
        var n = Interlocked.Increment(ref _next);
        // A random prefix: contacts reach a step in no particular order, so the (rec_id, step_id)
        // index takes inserts all over, as in production. Message ids are time-ordered, as Svix's are.
        var recId = $"l-{Random.Shared.Next():x8}:{n}";
        var body = Sample.DeepClone().AsObject();
        body["recId"] = recId;
        body["E-mail Address"] = $"contact{n}@example.com";
        body["contactReportLink"] = $"https://example.actonsoftware.com/app/contacts/report/{recId}";
        body["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new WebhookEvent($"msg_{Guid.CreateVersion7():N}", recId, body["stepId"]!.GetValue<string>(), Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    /// <summary>Signs now: the service accepts the signature for 5 minutes.</summary>
    public static SignedDelivery Sign(string messageId, byte[] body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var signature = StandardWebhooks.FormatSignature(StandardWebhooks.ComputeSignature(Key, messageId, timestamp, body));
        return new SignedDelivery(messageId, timestamp, signature, body);
    }

    public static SignedDelivery Sign(WebhookEvent e) => Sign(e.MessageId, e.Body);
}
