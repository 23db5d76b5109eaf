using ActOnSync.Application.Sync;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace ActOnSync.Application;

public static class DependencyInjection
{
    /// <summary>
    /// MediatR 5 has no container integration of its own: it resolves handlers and behaviours
    /// through <see cref="ServiceFactory"/>. Scrutor finds every handler and behaviour here by
    /// convention, so a new use case needs no registration line.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, SyncOptions syncOptions)
    {
        services.AddSingleton(syncOptions);
        services.AddSingleton(syncOptions.ToRetryPolicy());
        services.AddSingleton<DestinationThrottle>();
        services.AddSingleton<SyncWakeUp>();
        services.AddSingleton<IngestPressure>();
        services.AddSingleton<SyncEngine>();
        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddSingleton(TimeProvider.System);
        services.Scan(scan => scan
            .FromAssemblyOf<IApplicationMarker>()
            .AddClasses(c => c.AssignableToAny(typeof(IRequestHandler<,>), typeof(INotificationHandler<>)))
            .AsImplementedInterfaces()
            .WithScopedLifetime()
            .AddClasses(c => c.AssignableTo(typeof(IPipelineBehavior<,>)))
            .AsImplementedInterfaces()
            .WithScopedLifetime());
        return services;
    }
}

/// <summary>Anchors assembly scanning to this project.</summary>
public interface IApplicationMarker;
