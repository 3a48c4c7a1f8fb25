using System.Diagnostics;

namespace FolderSync.Tests.Support;

/// <summary>Runs the real tools a user would (vim, sed, git, tar) and fails the test when one fails.</summary>
internal static class DaemonShell
{
    /// <summary>Ignores the test when <paramref name="tool"/> is not installed (<c>.ci/run</c> installs it).</summary>
    public static string Require(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Ignore($"{tool} is not installed");
        return tool;
    }

    public static async Task<string> RunAsync(string workingDirectory, string tool, params string[] args)
    {
        var start = new ProcessStartInfo(Require(tool), args)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["TERM"] = "dumb";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', args)} did not finish within 30 s");
        }

        Assert.That(process.ExitCode, Is.Zero, $"{tool} {string.Join(' ', args)} failed: {await stderr}");
        return await stdout;
    }
}
