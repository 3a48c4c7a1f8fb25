using System.Diagnostics;
using FolderSync.Common.Hosting;

namespace FolderSync.Tests.Support;

/// <summary>
/// Runs deploy/install.sh as a user would, but below a temporary root (<c>DESTDIR</c>) and with a home of the
/// test's choosing, so it writes only there; the "published" executables are wrappers around the daemons
/// under test (the managed build or, with <c>FOLDERSYNC_NATIVE_BIN</c>, the native one).
/// </summary>
internal sealed class InstallScript : IDisposable
{
    public InstallScript(string home = "/home/alice")
    {
        Root = Directory.CreateTempSubdirectory("foldersync-install-").FullName;
        Home = home;
        Bin = Directory.CreateDirectory(Path.Combine(Root, "..", Path.GetFileName(Root) + "-bin")).FullName;
        Wrap("foldersync-server", DaemonBinaries.ServerDll);
        Wrap("foldersync-client", DaemonBinaries.ClientDll);
    }

    /// <summary>The DESTDIR: everything the script writes lands below it.</summary>
    public string Root { get; }

    /// <summary>$HOME as the script sees it; the client's files land below <see cref="Under"/>(Home).</summary>
    public string Home { get; }

    /// <summary>A directory of "published" executables, for <c>--from</c>.</summary>
    public string Bin { get; }

    public static string Script => Path.Combine(RepositoryRoot, "deploy", "install.sh");

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "deploy", "install.sh")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"no deploy/install.sh above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>The path below the temporary root of an absolute path on the installed host.</summary>
    public string Under(string path) => Path.Join(Root, path);

    public async Task<DaemonCommandResult> RunAsync(params string[] args)
    {
        var watch = Stopwatch.StartNew();
        var start = new ProcessStartInfo("bash", [Script, .. args])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith(DaemonConfiguration.EnvironmentPrefix, StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DESTDIR"] = Root;
        start.Environment["HOME"] = Home;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cancel.Token);
        var result = new DaemonCommandResult(process.ExitCode, await stdout, await stderr, watch.Elapsed);
        await TestContext.Out.WriteLineAsync($"$ install.sh {string.Join(' ', args)} -> {result.ExitCode}\n{result.StdOut}{result.StdErr}");
        return result;
    }

    public void Dispose()
    {
        Directory.Delete(Root, recursive: true);
        Directory.Delete(Bin, recursive: true);
    }

    private void Wrap(string name, string dll)
    {
        string path = Path.Combine(Bin, name);
        string command = string.Join(' ', DaemonBinaries.Command(dll).Select(part => $"'{part}'"));
        File.WriteAllText(path, $"#!/bin/sh\nexec {command} \"$@\"\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }
}
