using System.Globalization;
using ActOnSync.Application.Common;

namespace ActOnSync.Infrastructure.Crm.Webhook;

/// <summary>
/// <c>Type: Webhook</c>: each contact POSTed as JSON to any HTTP endpoint, signed the Standard
/// Webhooks way (the scheme of Act-On's own deliveries), so a receiver that can verify Act-On can verify us.
/// <list type="bullet">
/// <item><c>Url</c> (required): an absolute http(s) URL. Use https in production: the body carries
/// the contact's personal data, and the signature proves origin and integrity, not secrecy.</item>
/// <item><c>Secret</c> (required): <c>whsec_</c> + base64, shared with the target; never shown.</item>
/// <item><c>TimeoutSeconds</c> (default 30): the longest wait for an answer;
/// <c>Sync:RequestTimeoutSeconds</c> bounds every delivery too, and the shorter one wins.</item>
/// </list>
/// </summary>
public sealed class WebhookDestinationType(IHttpClientFactory httpClients, TimeProvider clock) : ICrmDestinationType
{
    private const int DefaultTimeoutSeconds = 30;

    public string Name => "Webhook";

    public int DefaultMaxConcurrency => 4;

    public ConfiguredAdapter? Create(DestinationSection section, ICollection<string> errors)
    {
        var before = errors.Count;
        var url = section.Url("Url", errors);
        var secret = section.Required("Secret", errors, "the whsec_ signing secret the target verifies deliveries with");
        var key = Array.Empty<byte>();
        if (secret is not null && !SigningSecret.TryDecode(secret, out key))
            errors.Add($"{section.Key("Secret")} is not a signing secret: expected 'whsec_' followed by base64.");
        var timeoutSeconds = section.Int("TimeoutSeconds", DefaultTimeoutSeconds, 1, 300, errors);
        if (url is null || errors.Count > before)
            return null;

        var adapter = new WebhookDestination(section.Name, url, key, TimeSpan.FromSeconds(timeoutSeconds), httpClients, clock);
        return new ConfiguredAdapter(adapter, new Dictionary<string, string?>
        {
            ["Url"] = url.AbsoluteUri,
            ["TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
        });
    }
}
