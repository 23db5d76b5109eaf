using ActOnSync.Api;
using ActOnSync.Api.Admin;
using ActOnSync.Api.Health;
using ActOnSync.Api.Problems;
using ActOnSync.Api.Webhooks;
using ActOnSync.Application;
using ActOnSync.Application.Sync;
using ActOnSync.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

// Microsoft.Data.Sqlite runs its "async" calls synchronously: every write holds a pool thread
// through its fsync. With the default minimum (one thread per core) the HTTP continuations of
// ingest and sync then queue behind those writes until the pool slowly grows.
ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
ThreadPool.SetMinThreads(Math.Max(minWorkers, 32), minIo);

// `ActOnSync.Api migrate`: apply the database migrations and exit, for deployments that change
// the schema in a step of their own (then set Database:MigrateAtStart to false).
var migrateOnly = args is ["migrate", ..];
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);

var syncOptions = builder.Configuration.GetSection(SyncOptions.Section).Get<SyncOptions>() ?? new SyncOptions();
builder.Services.AddApplication(syncOptions);
builder.Services.AddInfrastructure(builder.Configuration);

builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section))
    // An empty entry (e.g. an environment variable set to "") means no secret, not a bad one.
    .PostConfigure(o => o.SigningSecrets.RemoveAll(string.IsNullOrWhiteSpace));
builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
builder.Services.AddSingleton<WebhookSignatureVerifier>();
builder.Services.AddOptions<AdminOptions>().Bind(builder.Configuration.GetSection(AdminOptions.Section))
    .Validate(o => o.ApiKey.Length >= AdminOptions.MinKeyLength,
        $"{AdminOptions.Section}:ApiKey must be set, at least {AdminOptions.MinKeyLength} characters: it guards the query and admin API.");

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<StoreUnavailableHandler>();
// Bounded: a load balancer's probe must get its answer even while the database does not.
builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"], timeout: TimeSpan.FromSeconds(5));

var app = builder.Build();

if (migrateOnly)
{
    var migrated = StartupChecks.MigrateOnly(app);
    await app.DisposeAsync();
    return migrated ? 0 : 1;
}

if (!StartupChecks.Pass(app))
{
    // Disposing flushes the console logger, so the configuration errors reach the operator.
    await app.DisposeAsync();
    return 1;
}

// A malformed request body is the client's error (400), in every environment.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.MapStepExecutedEndpoint();
app.MapAdminApi().MapSyncApi();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

app.Run();
return 0;

/// <summary>The entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
