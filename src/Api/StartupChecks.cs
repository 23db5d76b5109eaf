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
        DatabaseOptions database;
        try
        {
            database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
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
            LogConfigurationErrors(logger, ex);
            return false;
        }

        if (database.MigrateAtStart)
            app.Services.GetRequiredService<IDatabaseMigrator>().Migrate();
        else
            logger.LogInformation("Database:MigrateAtStart is false: the schema is expected to be migrated already (`ActOnSync.Api migrate`).");
        return true;
    }

    /// <summary>Only the database settings matter here: the schema step of a deployment has no webhook secrets.</summary>
    public static bool MigrateOnly(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ActOnSync.Migrate");
        try
        {
            var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            app.Services.GetRequiredService<IDatabaseMigrator>().Migrate();
            logger.LogInformation("The {Provider} database is migrated to the latest version.", database.Provider);
            return true;
        }
        catch (OptionsValidationException ex)
        {
            LogConfigurationErrors(logger, ex);
            return false;
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "Migrating the database failed.");
            return false;
        }
    }

    private static void LogConfigurationErrors(ILogger logger, Exception ex)
    {
        var failures = ex is OptionsValidationException options ? options.Failures : ((InvalidConfigurationException)ex).Errors;
        foreach (var failure in failures)
            logger.LogCritical("Configuration error: {Failure}", failure);
    }
}
