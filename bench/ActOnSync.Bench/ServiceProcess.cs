using System.Diagnostics;
using System.Text.Json;
using ActOnSync.Fakes;

namespace ActOnSync.Bench;

/// <summary>
/// A server run as its own process with the service's hosting defaults (Production, logging at
/// Warning), on a free port of 127.0.0.1: by default the Release build of the service.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    /// <summary>The webhook signing secret every benchmark configures and signs with.</summary>
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public const string AdminKey = "benchmark-admin-key-0000";

    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly Process _process;
    private readonly string _name;

    /// <summary>The service on the given SQLite database, signing secret <see cref="Secret"/>, plus <paramref name="settings"/>.</summary>
    public static ServiceProcess Start(string connectionString, IDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__ActOnSync"] = connectionString,
            ["Webhooks__SigningSecrets__0"] = Secret,
            ["Admin__ApiKey"] = AdminKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        return new ServiceProcess(Path.Combine(Repository.Root, "src", "Api", "bin", "Release", "net10.0", "ActOnSync.Api.dll"), environment, "service");
    }

    /// <param name="name">Prefixes the process's log lines.</param>
    public ServiceProcess(string assembly, IDictionary<string, string> environment, string name, params string[] arguments)
    {
        _name = name;
        Url = new Uri($"http://127.0.0.1:{Loopback.FreePort()}/");
        var start = new ProcessStartInfo("dotnet", [assembly, .. arguments])
        {
            // The content root, where appsettings.json is read from.
            WorkingDirectory = Path.GetDirectoryName(assembly),
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // A port chosen here, not :0: at Warning the "Now listening on" line is not logged.
        start.Environment["ASPNETCORE_URLS"] = Url.GetLeftPart(UriPartial.Authority);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Forward(e.Data);
        _process.ErrorDataReceived += (_, e) => Forward(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Peak resident memory (VmHWM), in MiB, since the start or the last <see cref="ResetPeakRss"/>.</summary>
    public double PeakRssMiB => ReadStatus("VmHWM:") / 1024.0;

    /// <summary>CPU time used so far (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The {_name} exited with code {_process.ExitCode} before it was ready; see its log above.");
            try
            {
                using var response = await Probe.GetAsync(new Uri(Url, "health/ready"));
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The {_name} was not ready within {timeout.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }

    /// <summary>The names of the destinations that get a sync job per stored event (<c>GET /api/destinations</c>).</summary>
    public async Task<IReadOnlyList<string>> EnabledDestinationsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Url, "api/destinations"));
        request.Headers.Add("X-Api-Key", AdminKey);
        using var response = await Probe.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var destinations = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return destinations.RootElement.EnumerateArray()
            .Where(d => d.GetProperty("enabled").GetBoolean())
            .Select(d => d.GetProperty("name").GetString()!)
            .ToList();
    }

    /// <summary>Starts a new peak for <see cref="PeakRssMiB"/> from the current RSS (Linux clear_refs 5).</summary>
    public void ResetPeakRss() => File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");

    /// <summary>Ends the process at once (SIGKILL), as a crash or an OOM kill would: no graceful stop.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }


    // Only warnings and errors are logged (see the environment above): show them with the results,
    // without their stack frames (a load run can log hundreds of canceled requests when wrk stops).
    private void Forward(string? line)
    {
        if (line is not null && !line.TrimStart().StartsWith("at ", StringComparison.Ordinal))
            Console.Error.WriteLine($"  {_name}: {line}");
    }

    private long ReadStatus(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0]);
    }
}

public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ActOnSync.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }
}
