using System.Buffers;

namespace ActOnSync.Bench;

/// <summary>
/// The ceiling of the ingest benchmark: Kestrel alone on the webhook route, reading each body
/// whole and answering 202 with a body of the service's shape, nothing verified or stored.
/// It runs as its own process (this assembly, <c>bare-kestrel</c>), started like the service, so
/// both have the same hosting defaults (WebApplication.CreateBuilder, Production, logging at
/// Warning, server GC), their own cores' worth of thread pool and a peak RSS of their own; in the
/// benchmark's process it would share the runtime with the benchmark's own work.
/// </summary>
public static class BareKestrel
{
    public const string Command = "bare-kestrel";

    public static ServiceProcess Start() =>
        new(typeof(BareKestrel).Assembly.Location, new Dictionary<string, string>(), "bare kestrel", Command);

    /// <summary>The process's entry point.</summary>
    public static async Task RunAsync(string[] args)
    {
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost(WebhookEvents.Path, async (HttpContext http) =>
        {
            await ReadWholeAsync(http);
            return Results.Json(new { status = "accepted", id = Guid.CreateVersion7() }, statusCode: StatusCodes.Status202Accepted);
        });
        app.MapGet("/health/ready", () => "Healthy");
        app.MapGet("/health/live", () => "Healthy");
        await app.RunAsync();
    }

    // As the service reads it (src/Api/Webhooks/RequestBody.cs): buffered until the end, then copied out.
    private static async Task<byte[]> ReadWholeAsync(HttpContext http)
    {
        var reader = http.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(http.RequestAborted);
            if (read.IsCompleted)
            {
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return body;
            }
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
