using ActOnSync.Application.Sync;
using ActOnSync.Infrastructure.Crm;
using ActOnSync.Infrastructure.Persistence;
using ActOnSync.Infrastructure.Persistence.Sqlite;
using ActOnSync.Infrastructure.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActOnSync.Infrastructure;

public static class DependencyInjection
{
    private static readonly Dictionary<string, Type> ProviderAnchors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Sqlite"] = typeof(SqliteConnectionFactory),
    };

    /// <summary>
    /// Registers the adapters of the configured database provider: every class in that
    /// provider's namespace, by the ports it implements (Scrutor), so a new store needs no line here.
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
            services.Scan(scan => scan
                .FromAssemblies(anchor.Assembly)
                .AddClasses(c => c.InExactNamespaces(anchor.Namespace!), publicOnly: true)
                .AsSelfWithInterfaces()
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
