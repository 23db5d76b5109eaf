using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ActOnSync.IntegrationTests.Support;

/// <summary>
/// The built service run as its own process (`dotnet ActOnSync.Api.dll`), for what only a real
/// start shows: configuration errors at start-up and the exit code. Killed on dispose.
/// </summary>
public sealed partial class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="arguments">Command-line arguments after the assembly (e.g. <c>migrate</c>).</param>
    public ServiceProcess(IDictionary<string, string> environment, params string[] arguments)
    {
        var assembly = ApiAssemblyPath();
        var start = new ProcessStartInfo("dotnet", [assembly, .. arguments])
        {
            // The content root, as in a deployment: appsettings.json is read from there.
            WorkingDirectory = Path.GetDirectoryName(assembly),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        // Only the parameterless wait also waits for the last redirected output lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public Task<Uri> WaitUntilListeningAsync(TimeSpan timeout) => _listening.Task.WaitAsync(timeout);

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
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_output) _output.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } match)
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    /// <summary>src/Api's own build output, of the same configuration as this test assembly.</summary>
    private static string ApiAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ActOnSync.sln")))
            root = root.Parent;
        var path = Path.Combine(root!.FullName, "src", "Api", "bin", configuration, testOutput.Name, "ActOnSync.Api.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Api first.", path);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
