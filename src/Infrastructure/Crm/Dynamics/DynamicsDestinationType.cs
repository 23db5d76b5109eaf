using System.Globalization;
using System.Text.RegularExpressions;

namespace ActOnSync.Infrastructure.Crm.Dynamics;

/// <summary>
/// <c>Type: Dynamics</c>: contacts upserted into Microsoft Dynamics 365 (the Dataverse Web API) by an
/// alternate key, each with a task on the record saying which program step sent it.
/// <list type="bullet">
/// <item><c>BaseUrl</c> (required): the environment, e.g. <c>https://contoso.crm.dynamics.com</c>.</item>
/// <item><c>ClientId</c>, <c>ClientSecret</c> (required): an Entra ID app registration with an application
/// user in the environment. The secret is never shown.</item>
/// <item><c>TenantId</c> (required unless <c>TokenUrl</c> is set): the Entra ID tenant (directory) id or domain.</item>
/// <item><c>TokenUrl</c> (default <c>https://login.microsoftonline.com/{TenantId}/oauth2/v2.0/token</c>): another
/// authority, e.g. a national cloud's.</item>
/// <item><c>Scope</c> (default <c>{BaseUrl}/.default</c>).</item>
/// <item><c>EntitySet</c> (default <c>leads</c>) and <c>EntityName</c>, its table's logical name for the task's
/// <c>regardingobjectid_{EntityName}</c> (default <c>lead</c>; required with another EntitySet).</item>
/// <item><c>AlternateKey</c> (required): the column of the table's alternate key, which is the mapped
/// <c>UpsertKey</c> (e.g. <c>emailaddress1</c>, or a custom <c>new_actonrecid</c>).</item>
/// <item><c>RateLimit:Requests</c>, <c>:WindowSeconds</c>, <c>:MaxConcurrent</c> (default 6000, 300, 52:
/// Dataverse's service protection limits per user).</item>
/// </list>
/// </summary>
public sealed partial class DynamicsDestinationType(IHttpClientFactory httpClients, TimeProvider clock) : ICrmDestinationType
{
    private const string DefaultEntitySet = "leads";
    private const string DefaultEntityName = "lead";

    private static readonly RateLimit ServiceProtectionLimits = new(6000, TimeSpan.FromSeconds(300), 52);

    public string Name => "Dynamics";

    // Deliveries in flight. Each makes two or three calls in turn; the RateGovernor keeps all of them
    // together within Dataverse's limits, so this only bounds how much work waits on it.
    public int DefaultMaxConcurrency => 8;

    public ConfiguredAdapter? Create(DestinationSection section, ICollection<string> errors)
    {
        var before = errors.Count;
        var baseUrl = section.Url("BaseUrl", errors);
        if (baseUrl is not null && baseUrl.AbsolutePath != "/")
            errors.Add($"{section.Key("BaseUrl")} must be the environment's address without a path, e.g. https://contoso.crm.dynamics.com; got '{baseUrl}'.");
        var clientId = section.Required("ClientId", errors, "the application (client) id of the Entra ID app registration");
        var clientSecret = section.Required("ClientSecret", errors, "a client secret of that app registration");
        var tenantId = section.Optional("TenantId");
        var tokenUrl = TokenUrl(section, tenantId, errors);
        var entitySet = Identifier(section, "EntitySet", DefaultEntitySet, errors);
        var entityName = Identifier(section, "EntityName", entitySet is null or DefaultEntitySet ? DefaultEntityName : null, errors,
            $"the logical name of the table of {section.Key("EntitySet")}, e.g. contact for contacts");
        var alternateKey = Identifier(section, "AlternateKey", null, errors, "the column of the table's alternate key, e.g. emailaddress1");
        if (alternateKey is not null && section.Optional("UpsertKey") is { } upsertKey && upsertKey != alternateKey)
            errors.Add($"{section.Key("AlternateKey")} '{alternateKey}' must be the column of {section.Key("UpsertKey")} ('{upsertKey}'): its value is the key Dataverse finds the record by.");
        var limit = RateLimit.Read(section, ServiceProtectionLimits, errors);
        if (errors.Count > before)
            return null;

        var origin = baseUrl!.GetLeftPart(UriPartial.Authority);
        var scope = section.Optional("Scope") ?? $"{origin}/.default";
        var table = new DataverseTable(baseUrl, entitySet!, entityName!, alternateKey!);
        var tokens = new DynamicsTokens(tokenUrl!, clientId!, clientSecret!, scope, httpClients, clock);
        var adapter = new DynamicsDestination(table, tokens, new RateGovernor(limit, clock), httpClients, clock);
        return new ConfiguredAdapter(adapter, new Dictionary<string, string?>
        {
            ["BaseUrl"] = origin,
            ["TenantId"] = tenantId,
            ["ClientId"] = clientId,
            ["TokenUrl"] = tokenUrl!.AbsoluteUri,
            ["Scope"] = scope,
            ["EntitySet"] = entitySet,
            ["EntityName"] = entityName,
            ["AlternateKey"] = alternateKey,
            ["RateLimit:Requests"] = limit.Requests.ToString(CultureInfo.InvariantCulture),
            ["RateLimit:WindowSeconds"] = limit.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["RateLimit:MaxConcurrent"] = limit.MaxConcurrent.ToString(CultureInfo.InvariantCulture),
        });
    }


    private static Uri? TokenUrl(DestinationSection section, string? tenantId, ICollection<string> errors)
    {
        if (section.Optional("TokenUrl") is null && tenantId is null)
        {
            errors.Add($"{section.Key("TenantId")} is required: the Entra ID tenant (directory) id, unless {section.Key("TokenUrl")} is set.");
            return null;
        }
        if (tenantId is not null && !TenantIdPattern().IsMatch(tenantId))
        {
            errors.Add($"{section.Key("TenantId")} must be a tenant id (a GUID) or domain, e.g. contoso.onmicrosoft.com; got '{tenantId}'.");
            return null;
        }
        return section.Url("TokenUrl", errors, $"https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token");
    }

    /// <summary>A name that goes into the Web API's URLs and property names as it is, so it must be one.</summary>
    /// <param name="what">What the setting is, for the error when it is required (no fallback) and missing.</param>
    private static string? Identifier(DestinationSection section, string key, string? fallback, ICollection<string> errors, string what = "")
    {
        var value = fallback is null ? section.Required(key, errors, what) : section.Optional(key) ?? fallback;
        if (value is not null && !IdentifierPattern().IsMatch(value))
        {
            errors.Add($"{section.Key(key)} must be a Dataverse logical name (letters, digits and _); got '{value}'.");
            return null;
        }
        return value;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]*$")]
    private static partial Regex TenantIdPattern();
}
