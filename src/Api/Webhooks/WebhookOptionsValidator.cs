using ActOnSync.Application.Common;
using Microsoft.Extensions.Options;

namespace ActOnSync.Api.Webhooks;

/// <summary>Start-up checks whose errors name the configuration key to fix.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        if (options.SigningSecrets.Count == 0 && !options.AllowUnsigned)
            errors.Add($"{WebhookOptions.Section}:SigningSecrets is empty: paste the endpoint's signing secret from Act-On " +
                       $"(Outgoing Webhooks > Endpoints), or set {WebhookOptions.Section}:AllowUnsigned=true for local testing only.");
        for (var i = 0; i < options.SigningSecrets.Count; i++)
            if (!SigningSecret.TryDecode(options.SigningSecrets[i], out _))
                errors.Add($"{WebhookOptions.Section}:SigningSecrets:{i} is not a signing secret: expected 'whsec_' followed by base64.");
        if (options.MaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
            errors.Add($"{WebhookOptions.Section}:MaxBodyBytes must be between 1024 and 67108864 bytes.");
        if (options.TimestampToleranceSeconds is < 1 or > 3600)
            errors.Add($"{WebhookOptions.Section}:TimestampToleranceSeconds must be between 1 and 3600.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
