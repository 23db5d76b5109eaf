using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.Salesforce;

/// <summary>
/// The org's REST API as one destination calls it: each call within the destination's
/// <see cref="RateGovernor"/>, with the shared token, renewed once when Salesforce says the session
/// is gone. An answer that is not a success comes back as the outcome it means (docs/crm-apis.md).
/// </summary>
internal sealed class SalesforceApi(SalesforceTokens tokens, RateGovernor governor, string apiVersion, TimeSpan requestLimitWait,
    IHttpClientFactory httpClients, TimeProvider clock)
{
    public const int MaxQuotedChars = 1000;

    private const string LimitInfoHeader = "Sforce-Limit-Info";

    /// <param name="resource">The path under <c>/services/data/{version}/</c>, its values already escaped.</param>
    public async Task<SalesforceReply> SendAsync(HttpMethod method, string resource, JsonObject body, CancellationToken cancellationToken)
    {
        var content = body.ToJsonString(SalesforceJson.Options);
        try
        {
            var session = await tokens.CurrentAsync(cancellationToken);
            var reply = await SendOnceAsync(method, resource, content, session, cancellationToken);
            if (reply.Status == 401)
                reply = await SendOnceAsync(method, resource, content, await tokens.RenewAsync(session, cancellationToken), cancellationToken);
            return reply with { Failure = Classify(reply) };
        }
        catch (TokenUnavailableException failed)
        {
            return SalesforceReply.Failed(failed.Outcome);
        }
        // The caller's own cancellation (the sync's request timeout, shutdown) is the caller's to report.
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SalesforceReply.Failed(SyncOutcome.Transient("Salesforce did not answer in time (the HTTP client's timeout)."));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return SalesforceReply.Failed(SyncOutcome.Transient($"Salesforce could not be reached: {ex.Message}"));
        }
    }

    private async Task<SalesforceReply> SendOnceAsync(HttpMethod method, string resource, string content, SalesforceSession session,
        CancellationToken cancellationToken)
    {
        using var slot = await governor.AcquireAsync(cancellationToken);
        using var request = new HttpRequestMessage(method, new Uri(session.InstanceUrl, $"/services/data/{apiVersion}/{resource}"))
        {
            Content = new StringContent(content, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        using var response = await httpClients.CreateClient(CrmHttp.ClientName).SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var usage = response.Headers.TryGetValues(LimitInfoHeader, out var values) ? string.Join(", ", values) : null;
        return new SalesforceReply((int)response.StatusCode, body, usage);
    }

    private SyncOutcome? Classify(SalesforceReply reply)
    {
        var status = reply.Status;
        if (status is >= 200 and < 300)
            return null;
        var errors = SalesforceJson.Errors(reply.Body);
        var words = errors is null
            ? $"HTTP {status}" + (reply.Body.Length > 0 ? $": {SalesforceJson.Cut(reply.Body, MaxQuotedChars)}" : ".")
            : SalesforceJson.Describe(errors);
        return status switch
        {
            300 => SyncOutcome.Conflict($"Several records have this external id, so Salesforce wrote none: {MatchingRecords(reply.Body)}", status),
            // A new token was refused too: the connected app's sessions are revoked or its user lost access.
            401 => SyncOutcome.AuthExpired($"Salesforce refused a freshly issued token: {words}", status),
            403 when errors?.Any(e => e.Code == "REQUEST_LIMIT_EXCEEDED") == true => Throttled(words, reply.LimitInfo, status),
            408 or >= 500 => SyncOutcome.Transient(words, status),
            _ => SyncOutcome.Permanent(words, status),
        };
    }

    /// <summary>
    /// The org has spent its API requests of the rolling 24 hours. Salesforce says neither 429 nor
    /// how long to wait; requests free up as old ones leave the window, so the destination rests for
    /// <c>RequestLimitWaitSeconds</c> (no call of it starts before then) and tries again.
    /// </summary>
    private SyncOutcome Throttled(string words, string? limitInfo, int status)
    {
        governor.PauseUntil(clock.GetUtcNow() + requestLimitWait);
        return SyncOutcome.Throttled(requestLimitWait, status, limitInfo is null ? words : $"{words} ({limitInfo})");
    }

    /// <summary>A 300 answers the URLs of the records that match.</summary>
    private static string MatchingRecords(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(body) is { Length: > 0 } urls ? string.Join(", ", urls) : body;
        }
        catch (JsonException)
        {
            return SalesforceJson.Cut(body, MaxQuotedChars);
        }
    }
}

/// <summary>Salesforce's answer to one call: its status and body, or what the call came to when it failed.</summary>
/// <param name="LimitInfo">The <c>Sforce-Limit-Info</c> header, e.g. <c>api-usage=18/5000</c>.</param>
/// <param name="Failure">Null on a 2xx answer.</param>
internal sealed record SalesforceReply(int Status, string Body, string? LimitInfo, SyncOutcome? Failure = null)
{
    public static SalesforceReply Failed(SyncOutcome outcome) => new(outcome.HttpStatus ?? 0, "", null, outcome);
}
