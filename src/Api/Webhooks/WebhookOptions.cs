namespace ActOnSync.Api.Webhooks;

/// <summary>Bound from the <c>Webhooks</c> section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The endpoint's signing secrets (<c>whsec_...</c>); several while a secret is rotated.</summary>
    public List<string> SigningSecrets { get; set; } = [];

    /// <summary>Accept unsigned deliveries when no secret is set. For local experiments only.</summary>
    public bool AllowUnsigned { get; set; }

    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a delivery's timestamp may be from now, either way (Svix: 5 minutes).</summary>
    public int TimestampToleranceSeconds { get; set; } = 300;
}
