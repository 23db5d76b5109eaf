using Microsoft.Extensions.DependencyInjection;

namespace ActOnSync.Infrastructure.Crm;

/// <summary>The HTTP client every destination adapter uses.</summary>
public static class CrmHttp
{
    public const string ClientName = "ActOnSync.Crm";

    /// <summary>
    /// Redirects are never followed: a CRM's 3xx (Salesforce's 300 "several records match", a moved
    /// URL) is an answer to classify, not a place to write to. No client timeout either: the engine
    /// (Sync:RequestTimeoutSeconds) and each adapter time their own calls.
    /// </summary>
    public static IServiceCollection AddCrmHttpClient(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }
}
