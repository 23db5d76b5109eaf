using System.Diagnostics;

namespace ActOnSync.Bench;

/// <summary>The Release build of the service, run as its own process with the given configuration.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;

    public ServiceProcess(IDictionary<string, string> environment)
    {
        var output = Path.Combine(Repository.Root, "src", "Api", "bin", "Release", "net10.0");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(output, "ActOnSync.Api.dll")])
        {
            // The content root, where appsettings.json is read from.
            WorkingDirectory = output,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Forward(e.Data);
        _process.ErrorDataReceived += (_, e) => Forward(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Peak resident memory so far (VmHWM), in MiB.</summary>
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

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    // Only warnings and errors are logged (see the environment above): show them with the results.
    private static void Forward(string? line)
    {
        if (line is not null)
            Console.Error.WriteLine($"  service: {line}");
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
