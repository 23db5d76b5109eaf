using ActOnSync.Application.Sync;
using ActOnSync.Infrastructure.Crm;
using ActOnSync.Infrastructure.Persistence;
using ActOnSync.Infrastructure.Persistence.Postgres;
using ActOnSync.Infrastructure.Persistence.Sqlite;
using ActOnSync.Infrastructure.Persistence.SqlServer;
using ActOnSync.Infrastructure.Persistence.Stores;
using ActOnSync.Infrastructure.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActOnSync.Infrastructure;

public static class DependencyInjection
{
    private static readonly Dictionary<string, Type> ProviderAnchors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Sqlite"] = typeof(SqliteDatabase),
        ["Postgres"] = typeof(PostgresDatabase),
        ["SqlServer"] = typeof(SqlServerDatabase),
    };

    /// <summary>
    /// Registers the stores (shared by every database, in <c>Persistence/Stores</c>) and the
    /// configured provider's <see cref="Database"/> and migrator, found in its namespace
    /// (Scrutor), so a new store or provider needs no line here beyond its anchor above.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .Configure(o => o.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? "")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString),
                $"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is required (e.g. \"Data Source=data/actonsync.db\").")
            .Validate(o => ProviderAnchors.ContainsKey(o.Provider),
                $"{DatabaseOptions.Section}:Provider must be one of: {string.Join(", ", ProviderAnchors.Keys)}.")
            .ValidateOnStart();

        var provider = configuration[$"{DatabaseOptions.Section}:Provider"] ?? new DatabaseOptions().Provider;
        if (ProviderAnchors.TryGetValue(provider, out var anchor))
        {
            services.Scan(scan => scan
                .FromAssemblies(anchor.Assembly)
                .AddClasses(c => c.InExactNamespaces(anchor.Namespace!).AssignableToAny(typeof(Database), typeof(IDatabaseMigrator)))
                .AsSelfWithInterfaces()
                .WithSingletonLifetime()
                // A provider's own background work (SQLite's checkpoints).
                .AddClasses(c => c.InExactNamespaces(anchor.Namespace!).AssignableTo<IHostedService>())
                .As<IHostedService>()
                .WithSingletonLifetime());
            services.AddSingleton(sp => (Database)sp.GetRequiredService(anchor));
        }

        services.Scan(scan => scan
            .FromAssemblyOf<StepExecutionStore>()
            .AddClasses(c => c.InExactNamespaceOf<StepExecutionStore>())
            .AsImplementedInterfaces()
            .WithSingletonLifetime());

        services.AddCrmHttpClient();
        services.Scan(scan => scan
            .FromAssemblyOf<DestinationCatalog>()
            .AddClasses(c => c.AssignableTo<ICrmDestinationType>())
            .As<ICrmDestinationType>()
            .WithSingletonLifetime());
        services.AddSingleton<IDestinationCatalog, DestinationCatalog>();
        services.AddHostedService<SyncDispatcher>();
        return services;
    }
}
