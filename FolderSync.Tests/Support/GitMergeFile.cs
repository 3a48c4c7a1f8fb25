using System.Diagnostics;

namespace FolderSync.Tests.Support;

/// <summary>The reference three-way merge: <c>git merge-file -p ours base theirs</c> on temp files.</summary>
internal static class GitMergeFile
{
    /// <summary>git's merged text, or null when git reports a conflict.</summary>
    public static string? Merge(string @base, string ours, string theirs)
    {
        string git = DaemonShell.Require("git");
        var dir = Directory.CreateTempSubdirectory("foldersync-merge-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "base"), @base);
            File.WriteAllText(Path.Combine(dir.FullName, "ours"), ours);
            File.WriteAllText(Path.Combine(dir.FullName, "theirs"), theirs);
            var start = new ProcessStartInfo(git, ["merge-file", "-p", "ours", "base", "theirs"])
            {
                WorkingDirectory = dir.FullName,
                UseShellExecute = false,
                RedirectStandardOutput = true,
            };
            start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
            start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
            using var process = Process.Start(start)!;
            string merged = process.StandardOutput.ReadToEnd();
            Assert.That(process.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "git merge-file did not finish within 30 s");

            // The exit code is the number of conflicts; a negative one (255) is an error.
            Assert.That(process.ExitCode, Is.LessThan(128), "git merge-file failed");
            return process.ExitCode == 0 ? merged : null;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
