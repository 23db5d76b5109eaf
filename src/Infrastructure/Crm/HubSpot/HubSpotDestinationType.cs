using System.Globalization;

namespace ActOnSync.Infrastructure.Crm.HubSpot;

/// <summary>
/// <c>Type: HubSpot</c>: contacts upserted through HubSpot's CRM v3 batch API, each step execution a note on its contact.
/// <list type="bullet">
/// <item><c>Token</c> (required): the private app's access token (HubSpot: Settings, Integrations,
/// Private Apps), allowed to write contacts and notes; never shown nor logged.</item>
/// <item><c>BaseUrl</c> (default <c>https://api.hubapi.com</c>).</item>
/// <item><c>RateLimit:Requests</c> / <c>:WindowSeconds</c> (default 100 per 10 s: HubSpot's Free and Starter
/// limit per app; Professional and Enterprise allow 190) and <c>RateLimit:MaxConcurrent</c> (default 4).</item>
/// </list>
/// </summary>
public sealed class HubSpotDestinationType(IHttpClientFactory httpClients, TimeProvider clock) : ICrmDestinationType
{
    private const string DefaultBaseUrl = "https://api.hubapi.com/";

    private static readonly RateLimit PublishedLimit = new(100, TimeSpan.FromSeconds(10), 4);

    // HubSpot counts a call when it arrives, the governor when it is sent: without this margin on the
    // window, a call sent just as the window frees up can arrive while HubSpot still counts it full.
    private static readonly TimeSpan ArrivalMargin = TimeSpan.FromMilliseconds(250);

    public string Name => "HubSpot";

    public int DefaultMaxConcurrency => PublishedLimit.MaxConcurrent;

    public ConfiguredAdapter? Create(DestinationSection section, ICollection<string> errors)
    {
        var before = errors.Count;
        var baseUrl = section.Url("BaseUrl", errors, DefaultBaseUrl);
        var token = section.Required("Token", errors, "the access token of the HubSpot private app");
        var limit = RateLimit.Read(section, PublishedLimit, errors);
        if (baseUrl is null || token is null || errors.Count > before)
            return null;

        // The API's paths are relative to the base URL, which therefore has to end with a slash.
        var root = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/");
        var governor = new RateGovernor(limit with { Window = limit.Window + ArrivalMargin }, clock);
        var adapter = new HubSpotDestination(new HubSpotApi(section.Name, root, token, governor, httpClients, clock));
        return new ConfiguredAdapter(adapter, new Dictionary<string, string?>
        {
            ["BaseUrl"] = root.AbsoluteUri,
            ["RateLimit:Requests"] = limit.Requests.ToString(CultureInfo.InvariantCulture),
            ["RateLimit:WindowSeconds"] = limit.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["RateLimit:MaxConcurrent"] = limit.MaxConcurrent.ToString(CultureInfo.InvariantCulture),
        });
    }
}
