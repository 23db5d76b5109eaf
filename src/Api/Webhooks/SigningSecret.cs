namespace ActOnSync.Api.Webhooks;

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
