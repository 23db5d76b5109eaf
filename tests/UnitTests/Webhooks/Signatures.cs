using System.Security.Cryptography;
using System.Text;

namespace ActOnSync.UnitTests.Webhooks;

/// <summary>Signs like the sender (Svix / Standard Webhooks), independently of the code under test.</summary>
internal static class Signatures
{
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <returns><c>v1,&lt;base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"&gt;</c></returns>
    public static string Sign(string secret, string messageId, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{messageId}.{timestamp}."), .. body];
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
