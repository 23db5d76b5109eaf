using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ActOnSync.Application.Common;

/// <summary>Logs every command and query with its duration, and failures with the request name.</summary>
public sealed class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            logger.LogDebug("{Request} handled in {ElapsedMs:F1} ms", typeof(TRequest).Name,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away (a client that hung up, a shutdown): not a failure of the request.
            logger.LogDebug("{Request} cancelled after {ElapsedMs:F1} ms", typeof(TRequest).Name,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "{Request} failed after {ElapsedMs:F1} ms", typeof(TRequest).Name,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}
