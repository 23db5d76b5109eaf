using System.Text;
using ActOnSync.Application;
using ActOnSync.Application.Common;
using ActOnSync.Application.Quarantine;
using ActOnSync.Application.StepExecutions;
using ActOnSync.Application.Sync;
using ActOnSync.Domain.StepExecutions;
using ActOnSync.Domain.Sync;
using ActOnSync.Infrastructure;
using ActOnSync.Infrastructure.Crm.Local;
using ActOnSync.Infrastructure.Persistence;
using Dapper;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ActOnSync.IntegrationTests.Stores;

/// <summary>
/// What every database provider must do the same way, run against each of them through the
/// service's own composition (the stores and queries the service resolves, on a migrated
/// database of the test's own).
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    protected const string Destination = "crm";
    protected static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_764_864_000_000);

    private ServiceProvider? _services;

    protected IStepExecutionStore Executions => Services.GetRequiredService<IStepExecutionStore>();
    protected ISyncJobStore Jobs => Services.GetRequiredService<ISyncJobStore>();
    protected IQuarantineStore Quarantine => Services.GetRequiredService<IQuarantineStore>();
    protected ILocalLeadStore Leads => Services.GetRequiredService<ILocalLeadStore>();

    private ServiceProvider Services => _services ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Makes an empty database of the provider under test; skips the test when the provider is not available here.</summary>
    protected abstract Task<(string Provider, string ConnectionString)> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        var (provider, connectionString) = await CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["ConnectionStrings:ActOnSync"] = connectionString,
            ["Destinations:crm:Type"] = "Local",
            ["Destinations:crm:UpsertKey"] = "email",
            ["Destinations:crm:Fields:email:From"] = "E-mail Address",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration);
        services.AddApplication(new SyncOptions());
        services.AddInfrastructure(configuration);
        _services = services.BuildServiceProvider();
        _services.GetRequiredService<IDatabaseMigrator>().Migrate();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        await DropDatabaseAsync();
    }

    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    protected async Task<T> SendAsync<T>(IRequest<T> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    protected Task<long> CountAsync(string table, string where = "1=1", object? parameters = null) =>
        ScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {where}", parameters);

    protected async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Services.GetRequiredService<ISqlConnectionFactory>().OpenAsync(CancellationToken.None);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    protected static StepExecution Execution(string recId = "l-0001:1", string stepId = "3", string? messageId = null, DateTimeOffset? receivedAt = null)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"recId":"{{recId}}","stepId":"{{stepId}}","E-mail Address":"dana@example.com"}""");
        return new StepExecution(Guid.CreateVersion7(receivedAt ?? DateTimeOffset.UtcNow), messageId ?? $"msg_{Guid.NewGuid():N}", new RecId(recId), new StepId(stepId),
            new ProgramContext("00-0001", "MQL handoff", "Send to CRM"), T0, receivedAt ?? T0,
            """{"E-mail Address":"dana@example.com"}""", body);
    }

    protected static SyncJob JobFor(StepExecution execution, string destination = Destination) =>
        new(Guid.CreateVersion7(), execution.Id, destination, execution.RecId.Value, T0);

    /// <summary>Stores an execution with one job for <see cref="Destination"/>; returns the job.</summary>
    protected async Task<SyncJob> StoreWithJobAsync(string recId = "l-0001:1", string stepId = "3")
    {
        var execution = Execution(recId, stepId);
        var job = JobFor(execution);
        Assert.True((await Executions.TryAddAsync(execution, [job], CancellationToken.None)).Added);
        return job;
    }

    protected Task<IReadOnlyList<ClaimedJob>> ClaimAsync(DateTimeOffset now, int max = 10, TimeSpan? lease = null) =>
        Jobs.ClaimDueAsync(Destination, max, now, now + (lease ?? TimeSpan.FromMinutes(2)), CancellationToken.None);

    protected static JobCompletion Completion(ClaimedJob job, DateTimeOffset at, NextStep next, CrmLink? link = null,
        OutcomeClass outcome = OutcomeClass.Success, int? httpStatus = 200) =>
        new(job, new SyncAttempt(at, outcome, httpStatus, outcome == OutcomeClass.Success ? null : "failed", TimeSpan.FromMilliseconds(12)), next, link);
}
