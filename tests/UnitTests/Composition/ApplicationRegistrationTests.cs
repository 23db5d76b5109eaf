using ActOnSync.Application;
using ActOnSync.Application.Common;
using ActOnSync.Application.Quarantine;
using ActOnSync.Application.StepExecutions;
using ActOnSync.Application.StepExecutions.ReceiveStepExecuted;
using ActOnSync.Application.Sync;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace ActOnSync.UnitTests.Composition;

/// <summary>Handlers and behaviours are found by convention (Scrutor) and run through MediatR 5.</summary>
public sealed class ApplicationRegistrationTests
{
    [Fact]
    public async Task A_command_sent_through_the_mediator_reaches_its_handler_through_the_logging_behaviour()
    {
        var store = Substitute.For<IStepExecutionStore>();
        var id = Guid.NewGuid();
        store.TryAddAsync(default!, default!, default).ReturnsForAnyArgs(AddResult.New(id));
        var services = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton(store)
            .AddSingleton(Substitute.For<IQuarantineStore>())
            .AddSingleton(Substitute.For<IDestinationCatalog>())
            .AddApplication(new SyncOptions());
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await using var scope = provider.CreateAsyncScope();

        var behaviours = scope.ServiceProvider.GetServices<IPipelineBehavior<ReceiveStepExecuted, ReceiveResult>>();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
            new ReceiveStepExecuted("msg_1", """{"recId":"r","stepId":"1"}"""u8.ToArray(), new Dictionary<string, string>()));

        Assert.IsType<LoggingBehaviour<ReceiveStepExecuted, ReceiveResult>>(Assert.Single(behaviours));
        Assert.Equal(new ReceiveResult(ReceiveStatus.Accepted, id), result);
    }
}
