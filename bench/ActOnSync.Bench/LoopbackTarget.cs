using System.Net;

namespace ActOnSync.Bench;

/// <summary>A receiving system on 127.0.0.1 that answers every POST with 200 after a fixed delay.</summary>
public sealed class LoopbackTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private LoopbackTarget(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public int Requests => _requests;

    public static async Task<LoopbackTarget> StartAsync(TimeSpan delay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var target = new LoopbackTarget(app);
        app.MapPost("/", async (HttpContext http) =>
        {
            Interlocked.Increment(ref target._requests);
            await http.Request.Body.CopyToAsync(Stream.Null);
            await Task.Delay(delay);
            return Results.Json(new { id = Guid.NewGuid().ToString() });
        });
        await app.StartAsync();
        target.Url = new Uri(app.Urls.First());
        return target;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
