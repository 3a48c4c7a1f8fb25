using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;

namespace FolderSync.Tests.Support;

/// <summary>
/// One real <c>foldersync-server</c> or <c>foldersync-client</c> child process, driven only from outside:
/// started with a config file, asked for its status over its Unix socket (or through the real
/// <c>status</c> command), stopped with SIGTERM or SIGKILL. Its output is kept and written to the test's output.
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    static DaemonProcess()
    {
        // A test host that dies must not leave daemons behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Live.Values)
            {
                TryKill(process);
            }
        };
    }

    private DaemonProcess(string name, string dll, string configPath, string stateDir, DaemonLaunch launch, IEnumerable<string> extraArgs)
    {
        Name = name;
        Dll = dll;
        ConfigPath = configPath;
        StateDir = stateDir;
        var start = StartInfo(dll, ["run", "--config", configPath, .. extraArgs], launch);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Keep("out", e.Data);
        _process.ErrorDataReceived += (_, e) => Keep("err", e.Data);
        _process.Start();
        Live[_process.Id] = _process;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string Dll { get; }

    public string ConfigPath { get; }

    public string StateDir { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The test stopped it (SIGTERM or SIGKILL): its exit is no daemon dying on its own.</summary>
    public bool StoppedByTest { get; private set; }

    public int ExitCode => _process.ExitCode;

    public string SocketPath => Path.Combine(StateDir, StatusEndpoint.FileName);

    /// <summary>Everything the daemon printed so far, stdout and stderr interleaved as they arrived.</summary>
    public string Output => string.Join('\n', _output);

    public static DaemonProcess Start(string name, string dll, string configPath, string stateDir, params string[] extraArgs) =>
        new(name, dll, configPath, stateDir, DaemonLaunch.Plain, extraArgs);

    public static DaemonProcess Start(string name, string dll, string configPath, string stateDir, DaemonLaunch launch) =>
        new(name, dll, configPath, stateDir, launch, []);

    /// <summary>Runs a daemon command to its end (e.g. <c>status --json --config PATH</c>, or a run that must fail).</summary>
    public static Task<DaemonCommandResult> RunCommandAsync(string dll, TimeSpan timeout, params string[] args) =>
        RunCommandAsync(DaemonLaunch.Plain, dll, timeout, args);

    /// <summary>Runs a daemon command to its end under <paramref name="launch"/> (a wrapper, extra environment).</summary>
    public static async Task<DaemonCommandResult> RunCommandAsync(DaemonLaunch launch, string dll, TimeSpan timeout, params string[] args)
    {
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = StartInfo(dll, args, launch) };
        process.Start();
        Live[process.Id] = process;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                TryKill(process);
                Assert.Fail($"{Path.GetFileName(dll)} {string.Join(' ', args)} did not exit within {timeout.TotalSeconds:0.#} s");
            }

            return new DaemonCommandResult(process.ExitCode, await stdout, await stderr, watch.Elapsed);
        }
        finally
        {
            Live.TryRemove(process.Id, out _);
        }
    }

    /// <summary>The status JSON straight from the daemon's Unix socket, or null when it does not answer.</summary>
    public async Task<JsonObject?> StatusAsync()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            return await StatusQuery.TryQueryAsync(SocketPath, cancel.Token);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or System.Text.Json.JsonException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The real <c>status [--json] --config PATH</c> command, as a script would run it.</summary>
    public Task<DaemonCommandResult> StatusCommandAsync(bool json = true) =>
        RunCommandAsync(Dll, TimeSpan.FromSeconds(20), json ? ["status", "--json", "--config", ConfigPath] : ["status", "--config", ConfigPath]);

    /// <summary>The real <c>VERB [ARGS] --config PATH</c> command against this daemon, as a user would run it.</summary>
    public Task<DaemonCommandResult> CommandAsync(params string[] args) =>
        RunCommandAsync(Dll, TimeSpan.FromSeconds(60), [.. args, "--config", ConfigPath]);

    /// <summary>Client: the real <c>wait</c> command, which returns once everything seen so far is synced both ways.</summary>
    public async Task WaitSyncedAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        await WaitReadyAsync();
        var result = await CommandAsync("wait", "--timeout", limit.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        Assert.That(result.ExitCode, Is.Zero, $"{Name} wait: {result.StdErr}");
    }

    /// <summary>Waits until the daemon answers on its status socket (it has started its services).</summary>
    public Task WaitReadyAsync(TimeSpan? timeout = null) =>
        WaitStatusAsync(_ => true, timeout ?? TimeSpan.FromSeconds(15), "to answer status");

    /// <summary>Client: everything seen so far is synced, as the real <c>wait</c> command says; returns the status after it.</summary>
    public async Task<JsonObject> WaitIdleAsync(TimeSpan? timeout = null)
    {
        await WaitSyncedAsync(timeout ?? TimeSpan.FromSeconds(20));
        return await StatusAsync() ?? throw new AssertionException($"{Name} stopped answering status right after wait");
    }

    public static bool IsIdle(JsonObject status) =>
        status["connected"]?.GetValue<bool>() == true
        && status["pendingUploads"]?.GetValue<int>() == 0
        && status["pendingDownloads"]?.GetValue<int>() == 0;

    /// <summary>Polls the status until <paramref name="condition"/> holds; fails with the last status seen.</summary>
    public async Task<JsonObject> WaitStatusAsync(Func<JsonObject, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        JsonObject? last = null;
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"{Name} exited with code {_process.ExitCode} while waiting for it {what}");
            }

            last = await StatusAsync() ?? last;
            if (last is not null && condition(last))
            {
                return last;
            }

            if (deadline.Elapsed > timeout)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0.#} s waiting for {Name} {what}; last status: {last?.ToJsonString() ?? "none"}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL: no chance to clean up, as a crash or the OOM killer.</summary>
    public async Task Kill9Async()
    {
        StoppedByTest = true;
        TryKill(_process);
        await WaitExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGTERM through <c>kill -TERM</c> (Process.Kill is SIGKILL), then waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan? timeout = null)
    {
        StoppedByTest = true;
        if (!_process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            await kill.WaitForExitAsync();
        }

        await WaitExitAsync(timeout ?? TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    public async Task WaitExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{Name} (pid {Pid}) did not exit within {timeout.TotalSeconds:0.#} s");
        }

        Live.TryRemove(_process.Id, out _);
    }

    /// <summary>Resident set size in KiB (VmRSS of /proc/&lt;pid&gt;/status).</summary>
    public long RssKiB()
    {
        foreach (string line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no VmRSS for pid {Pid}");
    }

    /// <summary>Kills the process if it still runs and writes its output to the test's output.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            TryKill(_process);
        }

        // Also drains the asynchronous output readers; bounded, so teardown never hangs.
        using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                TestContext.Out.WriteLine($"{Name} (pid {Pid}) did not exit within 10 s of SIGKILL");
            }
        }

        Live.TryRemove(_process.Id, out _);
        TestContext.Out.WriteLine($"----- {Name} (pid {Pid}, exit {(_process.HasExited ? _process.ExitCode : "none")}) -----");
        foreach (string line in _output)
        {
            TestContext.Out.WriteLine(line);
        }

        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(string dll, IEnumerable<string> args, DaemonLaunch launch)
    {
        string[] command = [.. launch.Prefix, .. DaemonBinaries.Command(dll), .. args];
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };

        // Hermetic: only the config file and the test's own arguments configure the daemon.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith(DaemonConfiguration.EnvironmentPrefix, StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in launch.Environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private void Keep(string stream, string? line)
    {
        if (line is not null)
        {
            _output.Enqueue($"[{Name} {stream}] {line}");
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
