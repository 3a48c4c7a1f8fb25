using System.Diagnostics;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Scanning;

/// <summary>Names no peer could use are listed with the reason, never silently dropped.</summary>
public sealed class ScannerNameTests
{
    [Test]
    public void A_name_that_is_not_UTF8_is_skipped_and_shown_with_its_bytes_escaped()
    {
        using var dir = new StoreScanTempDirectory();
        using var cleanup = new RemovedWithRm(dir.Path);
        dir.Write("fine.txt", "fine\n");
        Directory.CreateDirectory(dir.Combine("sub"));
        // .NET cannot spell a non-UTF-8 name; bash can (Latin-1 "café" and a lone 0xFF).
        Bash(dir.Path, "printf 'x\\n' > $'caf\\xe9.txt'; printf 'y\\n' > $'sub/\\xff'");

        var result = Scanner.Scan(dir.Path, ScanOptions.Default, _ => (FileRecord?)null);

        Assert.That(result.Entries.Keys.Select(k => k.Value), Is.EquivalentTo(new[] { "fine.txt", "sub" }));
        var skipped = result.Skipped.ToDictionary(s => s.Path.Value);
        Assert.That(skipped.Keys, Is.EquivalentTo(new[] { "caf\\xE9.txt", "sub/\\xFF" }));
        Assert.That(skipped.Values.Select(s => s.Reason), Is.All.EqualTo(SkipReason.BadName));
        Assert.That(skipped["caf\\xE9.txt"].Detail, Does.Contain("UTF-8"));
    }

    [Test]
    public void A_path_longer_than_the_protocol_allows_is_listed_on_its_directory()
    {
        using var dir = new StoreScanTempDirectory();
        using var cleanup = new RemovedWithRm(dir.Path);
        string deep = string.Join('/', Enumerable.Repeat(new string('d', 250), 16)); // 4,015 bytes
        Directory.CreateDirectory(dir.Combine(deep));
        string name = "too-far-" + new string('x', 100) + ".txt"; // its path: 4,128 bytes
        Bash(dir.Combine(deep), $"printf 'unreachable by path\\n' > {name}");

        var result = Scanner.Scan(dir.Path, ScanOptions.Default, _ => (FileRecord?)null);

        var skipped = result.Skipped.Single();
        Assert.That(skipped.Reason, Is.EqualTo(SkipReason.BadName));
        Assert.That(skipped.Path, Is.EqualTo(RelativePath.Parse(deep)));
        Assert.That(skipped.Detail, Does.Contain(name).And.Contain("4096"));
    }

    private static void Bash(string directory, string script)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = directory, UseShellExecute = false })!;
        bash.WaitForExit();
        Assert.That(bash.ExitCode, Is.Zero, script);
    }

    /// <summary>.NET's recursive delete can neither spell these names nor reach past PATH_MAX: rm can.</summary>
    private sealed class RemovedWithRm(string path) : IDisposable
    {
        public void Dispose() => Bash(path, "rm -rf -- ./*");
    }
}
