using System.Security.Cryptography;
using System.Text;

namespace ActOnSync.Application.Common;

/// <summary>
/// The Standard Webhooks signing scheme (the one Svix signs Act-On's deliveries with), shared by
/// the receiver and by the Webhook destination so both sides sign the same way: HMAC-SHA256 over
/// the bytes <c>{id}.{timestamp}.{raw body}</c>, sent as <c>v1,&lt;base64&gt;</c>.
/// </summary>
public static class StandardWebhooks
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The length of an HMAC-SHA256 signature.</summary>
    public const int SignatureBytes = 32;

    private const string Version1 = "v1,";

    /// <param name="timestamp">Unix seconds exactly as sent in the timestamp header: the text is signed, not the number.</param>
    public static byte[] ComputeSignature(ReadOnlySpan<byte> key, string messageId, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{messageId}.{timestamp}."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    /// <returns>The signature header entry: <c>v1,&lt;base64&gt;</c>.</returns>
    public static string FormatSignature(ReadOnlySpan<byte> signature) => Version1 + Convert.ToBase64String(signature);

    /// <summary>Reads one space-separated entry of a signature header; other versions and malformed entries are not signatures.</summary>
    public static bool TryParseSignature(string entry, Span<byte> signature) =>
        entry.StartsWith(Version1, StringComparison.Ordinal)
        && Convert.TryFromBase64String(entry[Version1.Length..], signature, out var written)
        && written == SignatureBytes;
}

/// <summary>A Svix / Standard Webhooks secret: <c>whsec_</c> + base64 of the HMAC key.</summary>
public static class SigningSecret
{
    public const string Prefix = "whsec_";

    public static bool TryDecode(string? secret, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(secret))
            return false;
        var encoded = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        try
        {
            key = Convert.FromBase64String(encoded);
            return key.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
