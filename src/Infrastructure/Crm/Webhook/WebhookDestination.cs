using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActOnSync.Application.Common;
using ActOnSync.Application.Sync;
using ActOnSync.Domain;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.Webhook;

/// <summary>
/// POSTs each contact as signed JSON to the destination's URL and maps the answer to an outcome.
/// The webhook id is the job id, the same on every retry, so the target can drop a delivery it
/// has already applied (an answer lost to a timeout makes us send it again).
/// </summary>
public sealed class WebhookDestination(string name, Uri url, byte[] key, TimeSpan timeout,
    IHttpClientFactory httpClients, TimeProvider clock) : OneByOneDestination
{
    public const string ObjectType = "record";

    private const int MaxQuotedChars = 1000;

    // Enough for any acknowledgement carrying an id; a longer answer is only quoted, never parsed.
    private const int MaxReadBytes = 64 * 1024;

    protected override async Task<SyncOutcome> DeliverOneAsync(SyncDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = Signed(delivery);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await httpClients.CreateClient(CrmHttp.ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            var body = await ReadStartAsync(response.Content, timeoutSource.Token);
            return Classify(response, body, delivery.Record.KeyValue);
        }
        // The caller's own cancellation (its timeout, shutdown) is the caller's to report.
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SyncOutcome.Transient($"No answer within {timeout.TotalSeconds:0.#} s ({SettingKey("TimeoutSeconds")}).");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return SyncOutcome.Transient($"The target could not be reached: {ex.Message}");
        }
    }

    private HttpRequestMessage Signed(SyncDelivery delivery)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(WebhookContactSync.From(name, delivery), WebhookContactSync.Json);
        var id = delivery.JobId.ToString();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(StandardWebhooks.IdHeader, id);
        request.Headers.Add(StandardWebhooks.TimestampHeader, timestamp);
        request.Headers.Add(StandardWebhooks.SignatureHeader,
            StandardWebhooks.FormatSignature(StandardWebhooks.ComputeSignature(key, id, timestamp, body)));
        return request;
    }

    private SyncOutcome Classify(HttpResponseMessage response, string body, string upsertKeyValue)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
            return SyncOutcome.Success(ObjectType, RecordId(body) ?? upsertKeyValue, response.StatusCode == HttpStatusCode.Created, status);

        var answer = $"HTTP {status} {response.ReasonPhrase}".TrimEnd() + (body.Length > 0 ? $": {Quote(body)}" : ".");
        var retryAfter = RetryAfter(response.Headers.RetryAfter);
        return status switch
        {
            429 => SyncOutcome.Throttled(retryAfter, status, answer),
            503 when retryAfter is not null => SyncOutcome.Throttled(retryAfter, status, answer),
            408 or 500 or 502 or 503 or 504 => SyncOutcome.Transient(answer, status),
            409 => SyncOutcome.Conflict(answer, status),
            401 or 403 => SyncOutcome.Permanent(
                $"The target refused the delivery: check that it verifies with the secret of {SettingKey("Secret")} and lets ActOnSync in. {answer}", status),
            >= 300 and < 400 => SyncOutcome.Permanent(
                $"The target redirects to {response.Headers.Location?.ToString() ?? "another address"}, which is not followed: set {SettingKey("Url")} to the final address. {answer}", status),
            _ => SyncOutcome.Permanent(answer, status),
        };
    }

    /// <summary>Retry-After as seconds or as an HTTP date.</summary>
    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The target's own id for the record, when it answers a JSON object with a string <c>id</c>.</summary>
    private static string? RecordId(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement is { ValueKind: JsonValueKind.Object } root
                   && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                   && id.GetString() is { Length: > 0 } text
                ? text
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxReadBytes];
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, read).Trim();
    }

    private static string Quote(string body) => Text.Truncate(body, MaxQuotedChars + 1, "…");

    private string SettingKey(string setting) => $"{DestinationCatalog.Section}:{name}:{setting}";
}
