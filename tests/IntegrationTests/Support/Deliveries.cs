using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ActOnSync.IntegrationTests.Support;

/// <summary>Builds Act-On deliveries signed as Svix signs them.</summary>
public static class Deliveries
{
    public const string Path = "/webhooks/acton/automated-program-step.executed";

    /// <summary>The shape of Act-On's step-executed body (../shared/samples/step-executed.json).</summary>
    public static string Body(string recId = "l-0001:1", string stepId = "3", string programId = "00-0001", string email = "dana.lee@example.com") =>
        new JsonObject
        {
            ["E-mail Address"] = email,
            ["First Name"] = "Dana",
            ["Last Name"] = "Lee",
            ["Company"] = "Example Manufacturing",
            ["Job Title"] = "Director of Operations",
            ["automatedProgramLink"] = $"https://example.actonsoftware.com/app/automation/programs/{programId}/program-performance",
            ["contactReportLink"] = $"https://example.actonsoftware.com/app/contacts/report/{recId}",
            ["crmLink"] = "",
            ["description"] = "Send marketing-qualified leads to the CRM",
            ["externalId"] = "",
            ["name"] = "MQL handoff",
            ["programId"] = programId,
            ["recId"] = recId,
            ["stepId"] = stepId,
            ["stepName"] = "Send to CRM",
            ["timestamp"] = 1764864000000,
        }.ToJsonString();

    public static string NewMessageId() => $"msg_{Guid.NewGuid():N}";

    public static HttpRequestMessage Signed(string body, string? messageId = null, DateTimeOffset? at = null,
        string secret = ActOnSyncHost.Secret, string headerPrefix = "svix", string contentType = "application/json")
    {
        messageId ??= NewMessageId();
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString();
        var request = Unsigned(body, contentType);
        request.Headers.Add($"{headerPrefix}-id", messageId);
        request.Headers.Add($"{headerPrefix}-timestamp", timestamp);
        request.Headers.Add($"{headerPrefix}-signature", Signature(secret, messageId, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    public static HttpRequestMessage Unsigned(string body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
    }

    public static string Signature(string secret, string messageId, string timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
