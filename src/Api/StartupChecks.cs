using ActOnSync.Api.Admin;
using ActOnSync.Api.Webhooks;
using ActOnSync.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace ActOnSync.Api;

/// <summary>
/// Validates the configuration (errors name the key to fix) and migrates the database before the
/// server takes its first request.
/// </summary>
internal static class StartupChecks
{
    public static bool Pass(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ActOnSync.Startup");
        try
        {
            _ = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var webhooks = app.Services.GetRequiredService<IOptions<WebhookOptions>>().Value;
            _ = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
            if (webhooks.SigningSecrets.Count == 0)
                logger.LogWarning("Webhooks:AllowUnsigned is true and no signing secret is set: ANY caller can post events. Never run so in production.");
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
                logger.LogCritical("Configuration error: {Failure}", failure);
            return false;
        }

        app.Services.GetRequiredService<IDatabaseMigrator>().Migrate();
        return true;
    }
}
