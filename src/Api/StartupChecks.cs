using ActOnSync.Api.Admin;
using ActOnSync.Api.Webhooks;
using ActOnSync.Application.Sync;
using ActOnSync.Infrastructure.Crm;
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
            var syncErrors = app.Services.GetRequiredService<SyncOptions>().Validate().ToList();
            if (syncErrors.Count > 0)
                throw new InvalidConfigurationException(syncErrors);
            _ = app.Services.GetRequiredService<IDestinationCatalog>();
            if (webhooks.SigningSecrets.Count == 0)
                logger.LogWarning("Webhooks:AllowUnsigned is true and no signing secret is set: ANY caller can post events. Never run so in production.");
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidConfigurationException)
        {
            var failures = ex is OptionsValidationException options ? options.Failures : ((InvalidConfigurationException)ex).Errors;
            foreach (var failure in failures)
                logger.LogCritical("Configuration error: {Failure}", failure);
            return false;
        }

        app.Services.GetRequiredService<IDatabaseMigrator>().Migrate();
        return true;
    }
}
