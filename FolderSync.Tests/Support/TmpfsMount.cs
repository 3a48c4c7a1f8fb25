using System.Diagnostics;

namespace FolderSync.Tests.Support;

/// <summary>
/// A small tmpfs mounted over a directory, to run a daemon against a disk that fills up. Mounting needs root (the
/// CI runs as root); elsewhere the test is ignored with the reason. Unmounted lazily on dispose, so a daemon still
/// holding it open does not make teardown fail.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string directory) => Directory = directory;

    public string Directory { get; }

    public static async Task<TmpfsMount> MountAsync(string directory, long bytes)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("mounting a tmpfs needs root; the CI runs these tests as root");
        }

        System.IO.Directory.CreateDirectory(directory);
        var (exitCode, error) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", directory);
        if (exitCode != 0)
        {
            Assert.Ignore($"cannot mount a tmpfs here: {error.Trim()}");
        }

        return new TmpfsMount(directory);
    }

    /// <summary>Fills the file system with <paramref name="fileName"/> until ENOSPC, then gives <paramref name="leaveFree"/> bytes back.</summary>
    public string Fill(string fileName, long leaveFree)
    {
        string path = Path.Combine(Directory, fileName);
        var block = new byte[64 * 1024];
        Array.Fill(block, (byte)'x');
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
        {
            try
            {
                while (true)
                {
                    file.Write(block);
                }
            }
            catch (IOException)
            {
                // ENOSPC: full.
            }
        }

        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(Math.Max(0, file.Length - leaveFree));
        }

        return path;
    }

    public long FreeBytes => new DriveInfo(Directory).AvailableFreeSpace;

    public void Dispose()
    {
        using var umount = Process.Start(new ProcessStartInfo("umount", ["-l", Directory]) { UseShellExecute = false, RedirectStandardError = true })!;
        umount.WaitForExit(10_000);
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, error);
    }
}
