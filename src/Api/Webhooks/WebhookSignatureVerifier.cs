using System.Globalization;
using System.Security.Cryptography;
using ActOnSync.Application.Common;
using Microsoft.Extensions.Options;

namespace ActOnSync.Api.Webhooks;

/// <summary>
/// Verifies Svix / Standard Webhooks signatures (<see cref="StandardWebhooks"/>), sent as
/// space-separated <c>v1,&lt;base64&gt;</c> entries; any entry matching any configured secret passes.
/// </summary>
public sealed class WebhookSignatureVerifier
{
    private readonly byte[][] _keys;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _clock;

    public WebhookSignatureVerifier(IOptions<WebhookOptions> options, TimeProvider clock)
    {
        _keys = options.Value.SigningSecrets
            .Select(s => SigningSecret.TryDecode(s, out var key) ? key : throw new InvalidOperationException("Validated at start."))
            .ToArray();
        _tolerance = TimeSpan.FromSeconds(options.Value.TimestampToleranceSeconds);
        _clock = clock;
    }

    /// <summary>False when no secret is configured and unsigned deliveries are allowed.</summary>
    public bool IsEnabled => _keys.Length > 0;

    /// <returns>Null when authentic, else why not (safe to tell the caller: it reveals no secret).</returns>
    public string? Verify(string? messageId, string? timestamp, string? signatures, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
            return "The request is not signed: the svix-id, svix-timestamp and svix-signature headers (or webhook-id, webhook-timestamp and webhook-signature) are required.";
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return "The signature timestamp is not a Unix time in seconds.";
        var age = _clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age > _tolerance)
            return "The signature timestamp is too old: replayed or delayed deliveries are refused.";
        if (-age > _tolerance)
            return "The signature timestamp is too far in the future: check the sender's clock.";

        Span<byte> candidate = stackalloc byte[StandardWebhooks.SignatureBytes];
        foreach (var key in _keys)
        {
            var expected = StandardWebhooks.ComputeSignature(key, messageId, timestamp, body);
            foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (StandardWebhooks.TryParseSignature(entry, candidate)
                    && CryptographicOperations.FixedTimeEquals(expected, candidate))
                    return null;
            }
        }
        return "No signature matches: the body was changed in transit, or the configured signing secret is not this endpoint's.";
    }
}
