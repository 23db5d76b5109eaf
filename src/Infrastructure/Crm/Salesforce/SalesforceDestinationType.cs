using System.Globalization;
using System.Text.RegularExpressions;

namespace ActOnSync.Infrastructure.Crm.Salesforce;

/// <summary>
/// <c>Type: Salesforce</c>: each contact upserted as a Lead or Contact by an external id field of
/// the org, with a completed Task for the program step. Signs in server to server with the OAuth 2.0
/// client-credentials flow of a connected app. The mapped <c>Fields</c> are Salesforce field API
/// names; the <c>UpsertKey</c>'s value is what the record is keyed on.
/// <list type="bullet">
/// <item><c>ClientId</c>, <c>ClientSecret</c> (required): the connected app's consumer key and
/// secret; neither is ever shown.</item>
/// <item><c>BaseUrl</c> (required): the org's My Domain URL, e.g. <c>https://example.my.salesforce.com</c>.</item>
/// <item><c>TokenUrl</c> (default <c>{BaseUrl}/services/oauth2/token</c>).</item>
/// <item><c>ApiVersion</c> (default v60.0; v46.0 at least, the first with sObject Collections upsert).</item>
/// <item><c>Object</c>: <c>Lead</c> (default) or <c>Contact</c>.</item>
/// <item><c>ExternalIdField</c> (required): the external id field the upsert is keyed on, e.g. <c>ActOn_RecId__c</c>.</item>
/// <item><c>RateLimit:Requests</c> / <c>:WindowSeconds</c> / <c>:MaxConcurrent</c> (default 100,000 a day, 10 at once):
/// set the org's own daily allocation, which grows with its licences.</item>
/// <item><c>RequestLimitWaitSeconds</c> (default 300): the rest after Salesforce says the org's
/// requests are spent, as it does not say how long.</item>
/// </list>
/// </summary>
public sealed partial class SalesforceDestinationType(IHttpClientFactory httpClients, TimeProvider clock) : ICrmDestinationType
{
    /// <summary>The most records one sObject Collections call takes.</summary>
    public const int MaxRecordsPerCall = 200;

    private const string DefaultApiVersion = "v60.0";
    private const int MinApiVersion = 46;
    private const int DefaultRequestLimitWaitSeconds = 300;

    private static readonly string[] ObjectTypes = ["Lead", "Contact"];

    // A day's default allocation; 10 at once stays well inside the 25 long-running requests an org allows.
    private static readonly RateLimit DefaultRateLimit = new(100_000, TimeSpan.FromDays(1), 10);

    public string Name => "Salesforce";

    // A batch already carries up to 200 contacts a call; parallel upserts on one object contend for row locks.
    public int DefaultMaxConcurrency => 2;

    public ConfiguredAdapter? Create(DestinationSection section, ICollection<string> errors)
    {
        var before = errors.Count;
        var clientId = section.Required("ClientId", errors, "the consumer key of a connected app enabled for the client credentials flow");
        var clientSecret = section.Required("ClientSecret", errors, "the consumer secret of that connected app");
        var baseUrl = section.Url("BaseUrl", errors);
        var tokenUrl = baseUrl is null ? null : section.Url("TokenUrl", errors, new Uri(baseUrl, "/services/oauth2/token").AbsoluteUri);
        var apiVersion = ApiVersion(section, errors);
        var objectType = ObjectType(section, errors);
        var externalIdField = section.Required("ExternalIdField", errors, $"the API name of the external id field the {objectType} is upserted by, e.g. ActOn_RecId__c");
        if (externalIdField is not null && !ApiName().IsMatch(externalIdField))
            errors.Add($"{section.Key("ExternalIdField")} must be a field API name (letters, digits and underscores), e.g. ActOn_RecId__c; got '{externalIdField}'.");
        var rateLimit = RateLimit.Read(section, DefaultRateLimit, errors);
        var limitWait = section.Int("RequestLimitWaitSeconds", DefaultRequestLimitWaitSeconds, 1, 86_400, errors);
        if (errors.Count > before)
            return null;

        var credentials = new SalesforceCredentials(baseUrl!, tokenUrl!, clientId!, clientSecret!, section.Key("ClientId"));
        var api = new SalesforceApi(new SalesforceTokens(credentials, httpClients), new RateGovernor(rateLimit, clock), apiVersion,
            TimeSpan.FromSeconds(limitWait), httpClients, clock);
        return new ConfiguredAdapter(new SalesforceDestination(api, objectType, externalIdField!), new Dictionary<string, string?>
        {
            ["BaseUrl"] = baseUrl!.AbsoluteUri,
            ["TokenUrl"] = tokenUrl!.AbsoluteUri,
            ["ApiVersion"] = apiVersion,
            ["Object"] = objectType,
            ["ExternalIdField"] = externalIdField,
            ["RateLimit:Requests"] = rateLimit.Requests.ToString(CultureInfo.InvariantCulture),
            ["RateLimit:WindowSeconds"] = rateLimit.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["RateLimit:MaxConcurrent"] = rateLimit.MaxConcurrent.ToString(CultureInfo.InvariantCulture),
            ["RequestLimitWaitSeconds"] = limitWait.ToString(CultureInfo.InvariantCulture),
        });
    }


    private static string ApiVersion(DestinationSection section, ICollection<string> errors)
    {
        var text = section.Optional("ApiVersion") ?? DefaultApiVersion;
        var match = Version().Match(text);
        if (match.Success && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) >= MinApiVersion)
            return text;
        errors.Add($"{section.Key("ApiVersion")} must be a REST API version from v{MinApiVersion}.0 on (the first with sObject Collections upsert), e.g. {DefaultApiVersion}; got '{text}'.");
        return DefaultApiVersion;
    }

    private static string ObjectType(DestinationSection section, ICollection<string> errors)
    {
        var text = section.Optional("Object") ?? ObjectTypes[0];
        if (ObjectTypes.FirstOrDefault(t => t.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } objectType)
            return objectType;
        errors.Add($"{section.Key("Object")} must be Lead or Contact (a Task's WhoId takes only those); got '{text}'.");
        return ObjectTypes[0];
    }

    [GeneratedRegex(@"^v(\d{2,3})\.\d$")]
    private static partial Regex Version();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex ApiName();
}
