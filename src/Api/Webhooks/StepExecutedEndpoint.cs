using ActOnSync.Api.Problems;
using ActOnSync.Application.StepExecutions.ReceiveStepExecuted;
using ActOnSync.Domain.StepExecutions;
using MediatR;
using Microsoft.Extensions.Options;

namespace ActOnSync.Api.Webhooks;

/// <summary><c>POST /webhooks/acton/automated-program-step.executed</c>: Act-On's Outgoing Webhooks step.</summary>
public static class StepExecutedEndpoint
{
    public const string Route = "/webhooks/acton/" + ReceiveStepExecuted.Endpoint;

    /// <summary>Kept with a quarantined body; the signature headers let anyone re-verify it later.</summary>
    private static readonly string[] HeadersOfInterest =
    [
        "svix-id", "svix-timestamp", "svix-signature", "webhook-id", "webhook-timestamp", "webhook-signature",
        "content-type", "content-length", "user-agent",
    ];

    public static void MapStepExecutedEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost(Route, HandleAsync).DisableAntiforgery();

    private static async Task<IResult> HandleAsync(HttpContext http, IMediator mediator,
        WebhookSignatureVerifier verifier, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var maxBytes = options.Value.MaxBodyBytes;
        if (!RequestBody.IsJson(request.ContentType))
            return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"The body must be JSON (Content-Type: application/json); got '{request.ContentType ?? "none"}'.");
        if (request.ContentLength > maxBytes)
            return BodyTooLarge(maxBytes);
        var body = await RequestBody.ReadAsync(request.BodyReader, maxBytes, cancellationToken);
        if (body is null)
            return BodyTooLarge(maxBytes);

        var messageId = Header(request, "svix-id") ?? Header(request, "webhook-id");
        if (verifier.IsEnabled)
        {
            var failure = verifier.Verify(messageId,
                Header(request, "svix-timestamp") ?? Header(request, "webhook-timestamp"),
                Header(request, "svix-signature") ?? Header(request, "webhook-signature"), body);
            if (failure is not null)
                return Problem.Of(StatusCodes.Status401Unauthorized, "Invalid webhook signature", failure);
        }

        // Unsigned mode only: without a message id, dedupe rests on (recId, stepId) alone.
        messageId ??= $"unsigned_{Guid.CreateVersion7():N}";
        if (messageId.Length > StepExecution.MaxMessageIdLength)
            return Problem.Of(StatusCodes.Status400BadRequest, "Message id too long",
                $"The svix-id / webhook-id header is longer than {StepExecution.MaxMessageIdLength} characters.");
        var result = await mediator.Send(new ReceiveStepExecuted(messageId, body, HeadersOf(request)), cancellationToken);
        return result.Status switch
        {
            ReceiveStatus.Accepted => TypedResults.Json(new { status = "accepted", id = result.Id }, statusCode: StatusCodes.Status202Accepted),
            ReceiveStatus.Duplicate => TypedResults.Json(new { status = "duplicate", id = result.Id }, statusCode: StatusCodes.Status200OK),
            _ => Problem.Of(StatusCodes.Status422UnprocessableEntity, "Unusable step execution payload", result.Reason!,
                new Dictionary<string, object?> { ["quarantineId"] = result.Id }),
        };
    }

    private static IResult BodyTooLarge(long maxBytes) =>
        Problem.Of(StatusCodes.Status413PayloadTooLarge, "Body too large",
            $"The body is larger than {maxBytes} bytes (Webhooks:MaxBodyBytes).");

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;

    private static Dictionary<string, string> HeadersOf(HttpRequest request) =>
        HeadersOfInterest
            .Where(request.Headers.ContainsKey)
            .ToDictionary(name => name, name => request.Headers[name].ToString());
}
