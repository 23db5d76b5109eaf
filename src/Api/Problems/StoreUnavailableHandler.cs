using ActOnSync.Application.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace ActOnSync.Api.Problems;

/// <summary>
/// An unavailable store is "try again later" (503 + Retry-After), never a 2xx: Act-On then
/// retries, and nothing is lost while the store recovers.
/// </summary>
public sealed class StoreUnavailableHandler(IProblemDetailsService problems, ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StoreUnavailableException)
            return false;
        logger.LogError(exception, "Store unavailable; answered 503");
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Store unavailable",
                Detail = "The event store cannot take data right now; nothing was stored. Try again later.",
            },
        });
    }
}
