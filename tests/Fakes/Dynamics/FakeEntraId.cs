using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ActOnSync.Fakes.Dynamics;

/// <summary>
/// The Microsoft Entra ID token endpoint (v2.0) for one app registration, client credentials only,
/// with its documented OAuth error answers; and the check Dataverse makes of each bearer token.
/// Not thread-safe: the caller holds its lock.
/// </summary>
internal sealed class FakeEntraId(string tenantId, string clientId, string clientSecret)
{
    public const int LifetimeSeconds = 3599;

    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);

    public int Issued { get; private set; }

    /// <param name="resource">The environment the tokens are for: the scope must be it + <c>/.default</c>.</param>
    public (int Status, JsonObject Body) Issue(string tenant, IFormCollection form, string resource, DateTimeOffset now)
    {
        var scope = form["scope"].ToString();
        if (tenant != tenantId)
            return Refusal(400, "invalid_request", $"AADSTS90002: Tenant '{tenant}' not found.");
        if (form["grant_type"] != "client_credentials")
            return Refusal(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
        if (form["client_id"] != clientId)
            return Refusal(400, "unauthorized_client",
                $"AADSTS700016: Application with identifier '{form["client_id"]}' was not found in the directory '{tenantId}'.");
        if (form["client_secret"] != clientSecret)
            return Refusal(401, "invalid_client",
                $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.");
        if (!scope.EndsWith("/.default", StringComparison.Ordinal))
            return Refusal(400, "invalid_scope",
                $"AADSTS1002012: The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
        if (scope != $"{resource}/.default")
            return Refusal(400, "invalid_resource",
                $"AADSTS500011: The resource principal named {scope[..^"/.default".Length]} was not found in the tenant named {tenantId}.");

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = now.AddSeconds(LifetimeSeconds);
        Issued++;
        return (200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = LifetimeSeconds,
            ["ext_expires_in"] = LifetimeSeconds,
            ["access_token"] = token,
        });
    }

    /// <summary>Whether an <c>Authorization</c> header carries a token issued here, unexpired and not revoked.</summary>
    public bool Accepts(string? authorization, DateTimeOffset now) =>
        authorization is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && _tokens.TryGetValue(header["Bearer ".Length..], out var expiresAt) && expiresAt > now;

    /// <summary>Every token issued so far stops working (a secret rotated, a session revoked).</summary>
    public void RevokeAll() => _tokens.Clear();

    private static (int, JsonObject) Refusal(int status, string error, string description) => (status, new JsonObject
    {
        ["error"] = error,
        ["error_description"] = description,
        ["error_codes"] = new JsonArray(int.Parse(description[6..description.IndexOf(':')])),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("u"),
        ["trace_id"] = Guid.NewGuid().ToString(),
        ["correlation_id"] = Guid.NewGuid().ToString(),
    });
}
