using ActOnSync.Application;
using ActOnSync.Application.Common;
using ActOnSync.Application.StepExecutions;
using ActOnSync.Application.Sync;
using ActOnSync.Infrastructure;
using ActOnSync.Infrastructure.Persistence;
using ActOnSync.Infrastructure.Persistence.Postgres;
using ActOnSync.Infrastructure.Persistence.Sqlite;
using ActOnSync.Infrastructure.Persistence.SqlServer;
using ActOnSync.Infrastructure.Persistence.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActOnSync.UnitTests.Composition;

/// <summary>Database:Provider picks the database and its migrator; the stores are the shared ones, on that database.</summary>
public sealed class DatabaseProviderRegistrationTests
{
    [Theory]
    [InlineData("Sqlite", "Data Source=unused.db", typeof(SqliteDatabase), typeof(SqliteMigrator))]
    [InlineData("postgres", "Host=127.0.0.1;Database=actonsync", typeof(PostgresDatabase), typeof(PostgresMigrator))]
    [InlineData("SqlServer", "Server=127.0.0.1;Database=actonsync", typeof(SqlServerDatabase), typeof(SqlServerMigrator))]
    public async Task The_configured_provider_serves_every_port(string provider, string connectionString, Type database, Type migrator)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:ActOnSync"] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddApplication(new SyncOptions());
        services.AddInfrastructure(configuration);
        await using var container = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });

        var resolved = container.GetRequiredService<Database>();
        Assert.IsType(database, resolved);
        Assert.Same(resolved, container.GetRequiredService<ISqlConnectionFactory>());
        Assert.IsType(migrator, container.GetRequiredService<IDatabaseMigrator>());
        Assert.IsType<StepExecutionStore>(container.GetRequiredService<IStepExecutionStore>());
        Assert.IsType<SyncJobStore>(container.GetRequiredService<ISyncJobStore>());
        Assert.Single(container.GetServices<IDatabaseMigrator>());
    }
}
