using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ActOnSync.Api.Webhooks;

/// <summary>
/// Verifies Svix / Standard Webhooks signatures: HMAC-SHA256 over <c>{id}.{timestamp}.{raw body}</c>,
/// sent as space-separated <c>v1,&lt;base64&gt;</c> entries; any entry matching any configured secret passes.
/// </summary>
public sealed class WebhookSignatureVerifier
{
    private const int DigestBytes = 32;
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

        Span<byte> expected = stackalloc byte[DigestBytes];
        Span<byte> candidate = stackalloc byte[DigestBytes];
        var signedPrefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        foreach (var key in _keys)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            hmac.AppendData(signedPrefix);
            hmac.AppendData(body);
            hmac.GetHashAndReset(expected);
            foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (entry.StartsWith("v1,", StringComparison.Ordinal)
                    && Convert.TryFromBase64String(entry[3..], candidate, out var written)
                    && written == DigestBytes
                    && CryptographicOperations.FixedTimeEquals(expected, candidate))
                    return null;
            }
        }
        return "No signature matches: the body was changed in transit, or the configured signing secret is not this endpoint's.";
    }
}
