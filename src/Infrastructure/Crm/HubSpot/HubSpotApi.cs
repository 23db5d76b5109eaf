using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActOnSync.Domain;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.HubSpot;

/// <summary>
/// HubSpot's CRM API as the destination calls it: JSON POSTs with the private app's bearer token,
/// each one inside the destination's rate budget, and every answer that is not a batch result
/// turned into what it means for all the call's inputs (docs/crm-apis.md, error classes).
/// Connection failures are not caught: the engine takes an exception as a transient failure of the batch.
/// </summary>
internal sealed class HubSpotApi(string destination, Uri baseUrl, string token, RateGovernor governor,
    IHttpClientFactory httpClients, TimeProvider clock)
{
    private const int MaxQuotedChars = 1000;

    // The daily budget starts again at midnight in the account's time zone, which the API does not tell: look again hourly.
    private static readonly TimeSpan DailyLimitWait = TimeSpan.FromHours(1);

    public async Task<HubSpotCall> PostAsync<T>(string path, HubSpotBatchInput<T> body, CancellationToken cancellationToken)
    {
        // The slot is held until the answer is read: MaxConcurrent bounds calls in flight, not calls started.
        using var slot = await governor.AcquireAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path))
        {
            Content = JsonContent.Create(body, options: HubSpotJson.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await httpClients.CreateClient(CrmHttp.ClientName).SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return Read(response, text);
    }

    private HubSpotCall Read(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status is 200 or 201 or 207)
            return Parse<HubSpotBatchAnswer>(body) is { } answer
                ? new HubSpotCall(status, answer, null)
                : HubSpotCall.Failed(SyncOutcome.Transient($"HubSpot answered HTTP {status} with a body that is not a batch result: {Quote(body)}", status));

        var error = Parse<HubSpotError>(body);
        var words = $"HubSpot answered HTTP {status}: {error?.Message ?? Quote(body)}";
        switch (status)
        {
            case 429:
                var wait = ThrottleWait(response, error);
                governor.PauseUntil(clock.GetUtcNow() + wait);
                return HubSpotCall.Failed(SyncOutcome.Throttled(wait, status, words));
            case 401:
                // A private app's token is not refreshed: it works until someone rotates or deletes it.
                return HubSpotCall.Failed(SyncOutcome.AuthExpired(
                    $"HubSpot refused the private app token: check {DestinationCatalog.Section}:{destination}:Token (a rotated or deleted token must be replaced there). {words}", status));
            case 408 or >= 500:
                return HubSpotCall.Failed(SyncOutcome.Transient(words, status));
            default:
                return HubSpotCall.Failed(SyncOutcome.Permanent(words, status));
        }
    }

    /// <summary>
    /// How long to leave HubSpot alone after a 429. HubSpot sends no Retry-After for its rolling
    /// window, only its size (<c>X-HubSpot-RateLimit-Max</c> calls per <c>-Interval-Milliseconds</c>):
    /// with the window full, the next call ages out of it about one interval / max later.
    /// </summary>
    private TimeSpan ThrottleWait(HttpResponseMessage response, HubSpotError? error)
    {
        if (response.Headers.RetryAfter is { Delta: { } delta })
            return delta;
        if (response.Headers.RetryAfter is { Date: { } date })
            return date - clock.GetUtcNow() is var until && until > TimeSpan.Zero ? until : TimeSpan.Zero;
        if (error?.PolicyName == "DAILY")
            return DailyLimitWait;
        if (Header(response, "X-HubSpot-RateLimit-Interval-Milliseconds") is { } interval && Header(response, "X-HubSpot-RateLimit-Max") is { } max and > 0)
            return TimeSpan.FromMilliseconds((double)interval / max);
        return governor.Limit.Window / governor.Limit.Requests;
    }

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static T? Parse<T>(string body) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, HubSpotJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Quote(string body) => body.Length == 0 ? "(no body)" : Text.Truncate(body, MaxQuotedChars + 1, "…");
}

/// <summary>What one call came to: a batch answer (200, 201, 207), or the outcome it means for every one of its inputs.</summary>
internal sealed record HubSpotCall(int? Status, HubSpotBatchAnswer? Answer, SyncOutcome? Failure)
{
    public static HubSpotCall Failed(SyncOutcome failure) => new(failure.HttpStatus, null, failure);
}
