using ActOnSync.Domain.Sync;

namespace ActOnSync.Infrastructure.Crm.Salesforce;

/// <summary>An access token and the instance URL it is valid on.</summary>
internal sealed record SalesforceSession(string AccessToken, Uri InstanceUrl);

/// <summary>
/// The destination's access token, one for all its jobs. The client-credentials flow gives no
/// refresh token: a new one is requested when a call says the session is gone, and only once
/// however many calls said so together (the first renews, the others take the token it got).
/// </summary>
internal sealed class SalesforceTokens
{
    private readonly SalesforceCredentials credentials;
    private readonly IHttpClientFactory httpClients;
    private readonly SharedToken<SalesforceSession> _token;

    public SalesforceTokens(SalesforceCredentials credentials, IHttpClientFactory httpClients)
    {
        this.credentials = credentials;
        this.httpClients = httpClients;
        // A Salesforce session has no stated lifetime: it is good until a call says it is gone.
        _token = new SharedToken<SalesforceSession>(RequestAsync, _ => true);
    }

    /// <exception cref="TokenUnavailableException">The token endpoint did not give a token.</exception>
    public Task<SalesforceSession> CurrentAsync(CancellationToken cancellationToken) => _token.CurrentAsync(cancellationToken);

    /// <param name="rejected">The session Salesforce refused.</param>
    /// <exception cref="TokenUnavailableException">The token endpoint did not give a token.</exception>
    public Task<SalesforceSession> RenewAsync(SalesforceSession? rejected, CancellationToken cancellationToken) =>
        _token.RenewAsync(session => session == rejected, cancellationToken);

    private async Task<SalesforceSession> RequestAsync(CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent([
            new("grant_type", "client_credentials"),
            new("client_id", credentials.ClientId),
            new("client_secret", credentials.ClientSecret),
        ]);
        using var response = await httpClients.CreateClient(CrmHttp.ClientName)
            .PostAsync(credentials.TokenUrl, form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode && SalesforceJson.Read<SalesforceTokenGrant>(body) is { AccessToken: { Length: > 0 } token } grant)
            return new SalesforceSession(token, InstanceUrl(grant.InstanceUrl) ?? credentials.BaseUrl);

        var answer = SalesforceJson.Read<SalesforceTokenRefusal>(body) is { Error: { } error } refusal
            ? $"{error}: {refusal.Description}"
            : $"HTTP {status} {SalesforceJson.Cut(body, SalesforceApi.MaxQuotedChars)}".TrimEnd();
        // The endpoint is down: the credentials may be fine.
        if (status is 408 or >= 500)
            throw new TokenUnavailableException(SyncOutcome.Transient($"The Salesforce token endpoint is unavailable: {answer}", status));
        // Wrong or revoked credentials, or a connected app not enabled for the flow: retried with
        // backoff (not dead-lettered at once), so the jobs go through once an operator fixes them.
        throw new TokenUnavailableException(SyncOutcome.AuthExpired(
            $"Salesforce gave no token for the client credentials of {credentials.ClientIdKey}: {answer}", status));
    }

    /// <summary>Salesforce says to send API calls to the instance URL of the token; the configured BaseUrl when it gives none.</summary>
    private static Uri? InstanceUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" ? url : null;
}

/// <param name="ClientIdKey">The configuration key of the client id, for messages (the secret is never named by value).</param>
internal sealed record SalesforceCredentials(Uri BaseUrl, Uri TokenUrl, string ClientId, string ClientSecret, string ClientIdKey)
{
    // A record prints its members: keep the secret out of any log or exception text.
    public override string ToString() => $"{ClientIdKey} at {TokenUrl}";
}
