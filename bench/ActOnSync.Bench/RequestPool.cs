using System.Text;

namespace ActOnSync.Bench;

/// <summary>
/// Signed requests written whole, as raw HTTP, for ingest.lua: one file per wrk thread
/// (<c>prefix-i.bin</c>, records <c>"&lt;length&gt;\n&lt;request&gt;"</c>), so wrk only hands out
/// ready bytes and no two threads send the same request.
/// </summary>
public static class RequestPool
{
    /// <summary>
    /// In memory (tmpfs) when the machine has it: hundreds of MB written to disk just before a run
    /// would still be flushed during it, beside the service's fsyncs.
    /// </summary>
    public static string CreateFolder() =>
        Directory.Exists("/dev/shm")
            ? Directory.CreateDirectory(Path.Combine("/dev/shm", $"actonsync-bench-{Guid.NewGuid():N}")).FullName
            : Directory.CreateTempSubdirectory("actonsync-bench-pool-").FullName;

    /// <summary>Writes <paramref name="count"/> requests, the i-th made by <paramref name="make"/>(i), each thread's file on its own core.</summary>
    public static void Write(string prefix, int threads, long count, Func<long, SignedDelivery> make) =>
        Parallel.For(0, threads, thread =>
        {
            using var file = new BufferedStream(File.Create($"{prefix}-{thread}.bin"), 1 << 20);
            for (var i = (long)thread; i < count; i += threads)
            {
                var raw = Format(make(i));
                file.Write(Encoding.ASCII.GetBytes($"{raw.Length}\n"));
                file.Write(raw);
            }
        });

    /// <summary>Frees the memory of a pool that was sent (the answers files stay).</summary>
    public static void Delete(string prefix, int threads)
    {
        for (var thread = 0; thread < threads; thread++)
            File.Delete($"{prefix}-{thread}.bin");
    }

    private static byte[] Format(SignedDelivery delivery)
    {
        var head = Encoding.ASCII.GetBytes(
            $"POST {WebhookEvents.Path} HTTP/1.1\r\n" +
            "Host: 127.0.0.1\r\n" +
            "Content-Type: application/json\r\n" +
            $"Content-Length: {delivery.Body.Length}\r\n" +
            $"webhook-id: {delivery.MessageId}\r\n" +
            $"webhook-timestamp: {delivery.Timestamp}\r\n" +
            $"webhook-signature: {delivery.Signature}\r\n\r\n");
        return [.. head, .. delivery.Body];
    }
}
