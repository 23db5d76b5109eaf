using System.Net.Http.Json;
using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.Dynamics;

/// <summary>
/// Access tokens for Dataverse from Microsoft Entra ID (OAuth 2.0 client credentials; there is no
/// refresh token, a new one is simply requested). One cache per destination, shared by all its
/// jobs: a token is reused until shortly before it expires, and callers that need a new one at the
/// same time wait for a single token request instead of each making their own.
/// </summary>
public sealed class DynamicsTokens
{
    private readonly Uri tokenUrl;
    private readonly string clientId, clientSecret, scope;
    private readonly IHttpClientFactory httpClients;
    private readonly TimeProvider clock;

    // A token is renewed this long before it expires (at half its life when it lives shorter), so that no
    // call sets out with a token that expires on the way.
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromMinutes(5);

    private readonly SharedToken<AccessToken> _token;

    public DynamicsTokens(Uri tokenUrl, string clientId, string clientSecret, string scope, IHttpClientFactory httpClients, TimeProvider clock)
    {
        (this.tokenUrl, this.clientId, this.clientSecret, this.scope, this.httpClients, this.clock) =
            (tokenUrl, clientId, clientSecret, scope, httpClients, clock);
        _token = new SharedToken<AccessToken>(RequestAsync, token => token.RenewAt > clock.GetUtcNow());
    }

    /// <exception cref="TokenUnavailableException">Entra ID gave no token; its outcome says why.</exception>
    public async Task<string> CurrentAsync(CancellationToken cancellationToken) => (await _token.CurrentAsync(cancellationToken)).Value;

    /// <summary>
    /// A token other than <paramref name="rejected"/>, which Dataverse refused (401): the one another
    /// caller renewed meanwhile, or else a new one.
    /// </summary>
    /// <exception cref="TokenUnavailableException">Entra ID gave no token; its outcome says why.</exception>
    public async Task<string> RenewAsync(string? rejected, CancellationToken cancellationToken) =>
        (await _token.RenewAsync(token => token.Value == rejected, cancellationToken)).Value;

    private async Task<AccessToken> RequestAsync(CancellationToken cancellationToken)
    {
        // The lifetime counts from the request: the answer may have been a while on its way.
        var requestedAt = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
                ["scope"] = scope,
            }),
        };
        using var response = await httpClients.CreateClient(CrmHttp.ClientName).SendAsync(request, cancellationToken);
        var answer = await ReadAnswerAsync(response, cancellationToken);
        if (response.IsSuccessStatusCode && answer is { AccessToken: { Length: > 0 } value, ExpiresIn: > 0 })
        {
            var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn);
            var margin = lifetime / 2 < RenewalMargin ? lifetime / 2 : RenewalMargin;
            return new AccessToken(value, requestedAt + lifetime - margin);
        }
        throw new TokenUnavailableException(Refusal(response, answer));
    }

    private SyncOutcome Refusal(HttpResponseMessage response, EntraTokenAnswer? answer)
    {
        var status = (int)response.StatusCode;
        var said = answer?.Error is { } error ? $"{error}: {answer.ErrorDescription}" : "no token in the answer";
        var message = $"Entra ID ({tokenUrl.Host}) gave no token for client {clientId}: HTTP {status} {response.ReasonPhrase}, {said}";
        return status switch
        {
            429 => SyncOutcome.Throttled(response.Headers.RetryAfter?.Delta, status, message),
            408 or >= 500 => SyncOutcome.Transient(message, status),
            // Wrong secret, tenant or scope: retried with backoff, so that fixed settings pick the jobs up again.
            _ => SyncOutcome.AuthExpired(message, status),
        };
    }

    private static async Task<EntraTokenAnswer?> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<EntraTokenAnswer>(cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private sealed record AccessToken(string Value, DateTimeOffset RenewAt);
}
