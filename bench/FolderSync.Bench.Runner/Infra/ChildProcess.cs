using System.Collections.Concurrent;
using System.Diagnostics;

namespace FolderSync.Bench.Runner.Infra;

/// <summary>
/// A tool process started by the runner: output goes to a log file, and every process still running when the
/// runner exits (even on Ctrl+C) is killed, so a benchmark never leaves daemons behind.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ChildProcess, byte> Live = new();
    private readonly Process _process;
    private readonly StreamWriter _log;

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private ChildProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string LogPath { get; private init; } = "";

    public static ChildProcess Start(string file, IEnumerable<string> args, string logPath, IReadOnlyDictionary<string, string>? env = null, string? cwd = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = cwd ?? Environment.CurrentDirectory,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var child = new ChildProcess(process, log) { LogPath = logPath };
        Live[child] = 0;
        return child;
    }

    /// <summary>Runs to completion and returns the exit code and the elapsed time.</summary>
    public static async Task<(int ExitCode, TimeSpan Elapsed)> RunAsync(
        string file, IEnumerable<string> args, string logPath, TimeSpan timeout, IReadOnlyDictionary<string, string>? env = null, string? cwd = null)
    {
        var clock = Stopwatch.StartNew();
        await using var child = Start(file, args, logPath, env, cwd);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await child._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}; see {logPath}");
        }

        return (child._process.ExitCode, clock.Elapsed);
    }

    /// <summary>Runs and returns standard output (for version probes and status queries).</summary>
    public static async Task<(int ExitCode, string Output)> CaptureAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            _ = LibC.Kill(_process.Id, LibC.SigTerm);
            using var cts = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        Live.TryRemove(this, out _);
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static void KillAll()
    {
        foreach (var child in Live.Keys)
        {
            try
            {
                child._process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
