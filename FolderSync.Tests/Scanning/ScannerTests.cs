using System.Security.Cryptography;
using System.Text;
using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Scanning;

public sealed class ScannerTests
{
    private static readonly Func<RelativePath, FileRecord?> NoPrevious = _ => null;

    private static RelativePath P(string path) => RelativePath.Parse(path);

    /// <summary>What the folder loop would store after a scan: the previous records of the next one.</summary>
    internal static Func<RelativePath, FileRecord?> AsPrevious(ScanResult result)
    {
        var records = result.Entries.ToDictionary(
            e => e.Key,
            e => new FileRecord(e.Key, e.Value.Kind, e.Value.Size, e.Value.MtimeNs, e.Value.Inode, e.Value.Sha256, FileRecord.ServerOrigin, 1, false, null, false));
        return path => records.GetValueOrDefault(path);
    }

    private static SkipReason? SkipOf(ScanResult result, string path) =>
        result.Skipped.FirstOrDefault(s => s.Path == P(path))?.Reason;

    [Test]
    public void Finds_files_and_directories_with_their_hashes()
    {
        using var dir = new StoreScanTempDirectory();
        dir.Write("a.txt", "alpha");
        dir.Write("sub/deeper/b.md", "beta");
        Directory.CreateDirectory(dir.Combine("empty"));

        var result = Scanner.Scan(dir.Path, ScanOptions.Default, NoPrevious);

        Assert.That(result.RootMissing, Is.False);
        Assert.That(result.Entries.Keys.Select(k => k.Value).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "a.txt", "empty", "sub", "sub/deeper", "sub/deeper/b.md" }));
        var a = result.Entries[P("a.txt")];
        Assert.That(a.Kind, Is.EqualTo(EntryKind.File));
        Assert.That(a.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData("alpha"u8))));
        Assert.That(a.Size, Is.EqualTo(5));
        Assert.That(result.Entries[P("sub")], Is.EqualTo(result.Entries[P("sub")] with { Kind = EntryKind.Directory, Sha256 = "", Size = 0 }));
        Assert.That(result.HashedCount, Is.EqualTo(2));
        Assert.That(result.Skipped, Is.Empty);
    }

    [Test]
    public void Binary_content_is_skipped_and_listed()
    {
        using var dir = new StoreScanTempDirectory();
        dir.WriteBytes("nul.txt", [(byte)'a', 0]);
        dir.WriteBytes("latin1.txt", Encoding.Latin1.GetBytes("café"));
        dir.Write("fine.txt", "café");
        dir.Write("denied.pdf", "looks like text");

        var result = Scanner.Scan(dir.Path, ScanOptions.Default with { BinaryExtensions = ["pdf"] }, NoPrevious);

        Assert.That(SkipOf(result, "nul.txt"), Is.EqualTo(SkipReason.Binary));
        Assert.That(SkipOf(result, "latin1.txt"), Is.EqualTo(SkipReason.Binary));
        Assert.That(SkipOf(result, "denied.pdf"), Is.EqualTo(SkipReason.Binary));
        Assert.That(result.Entries.Keys, Is.EqualTo(new[] { P("fine.txt") }));
    }

    [Test]
    public void The_same_scanner_does_not_read_an_unchanged_binary_file_twice()
    {
        using var dir = new StoreScanTempDirectory();
        string path = dir.WriteBytes("image.png", [0x89, 0x50, 0, 0]);
        var scanner = new Scanner(dir.Path, ScanOptions.Default);

        Assert.That(scanner.Scan(_ => null).HashedCount, Is.EqualTo(1));
        var again = scanner.Scan(_ => null);
        Assert.That(again.HashedCount, Is.Zero);
        Assert.That(SkipOf(again, "image.png"), Is.EqualTo(SkipReason.Binary));

        File.WriteAllText(path, "now text");
        var changed = scanner.Scan(_ => null);
        Assert.That(changed.HashedCount, Is.EqualTo(1));
        Assert.That(changed.Entries.Keys, Is.EqualTo(new[] { P("image.png") }));
    }

    [Test]
    public void A_text_extension_skips_the_content_check()
    {
        using var dir = new StoreScanTempDirectory();
        dir.WriteBytes("legacy.txt", Encoding.Latin1.GetBytes("café"));
        var result = Scanner.Scan(dir.Path, ScanOptions.Default with { TextExtensions = [".txt"] }, NoPrevious);
        Assert.That(result.Entries.Keys, Is.EqualTo(new[] { P("legacy.txt") }));
    }

    [Test]
    public void Hidden_and_temporary_names_are_left_out_silently()
    {
        using var dir = new StoreScanTempDirectory();
        string[] excluded = [".hidden", ".git/config", ".git/objects/ab", "x.tmp", ".x.swp", "x.swp", "x.swx", "x~", ".#x", "4913", ".foldersync-tmp-x"];
        foreach (string path in excluded)
        {
            dir.Write(path, "text");
        }

        dir.Write("kept.txt", "text");

        var result = Scanner.Scan(dir.Path, ScanOptions.Default, NoPrevious);

        Assert.That(result.Entries.Keys, Is.EqualTo(new[] { P("kept.txt") }));
        Assert.That(result.Skipped, Is.Empty);
        Assert.That(result.HashedCount, Is.EqualTo(1), "excluded files are never read");
    }

    [Test]
    public void A_walk_lists_our_own_temp_files_for_the_start_up_cleanup()
    {
        using var dir = new StoreScanTempDirectory();
        dir.Write(".foldersync-tmp-top", "partial");
        dir.Write("sub/deeper/.foldersync-tmp-0123", "partial");
        dir.Write("sub/x.tmp", "an editor's, not ours");
        dir.Write(".git/.foldersync-tmp-inside-hidden", "never walked into");
        Directory.CreateDirectory(dir.Combine("sub/.foldersync-tmp-dir"));
        File.CreateSymbolicLink(dir.Combine("sub/.foldersync-tmp-link"), dir.Combine(".foldersync-tmp-top"));

        var result = Scanner.Scan(dir.Path, ScanOptions.Default, NoPrevious);

        Assert.That(result.OwnTempFiles.Select(p => p.Value).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { ".foldersync-tmp-top", "sub/deeper/.foldersync-tmp-0123" }), "regular files with our prefix only");
        Assert.That(result.Entries.Keys.Select(k => k.Value).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "sub", "sub/deeper" }));
    }

    [Test]
    public void The_ignore_file_applies_with_negation_and_directory_patterns()
    {
        using var dir = new StoreScanTempDirectory();
        dir.Write(PathFilter.IgnoreFileName, "*.log\n!keep.log\nbuild/\n/top.txt\n");
        dir.Write("a.log", "x");
        dir.Write("sub/b.log", "x");
        dir.Write("keep.log", "x");
        dir.Write("build/out.txt", "x");
        dir.Write("src/build/out.txt", "x");
        dir.Write("top.txt", "x");
        dir.Write("src/top.txt", "x");

        var result = Scanner.Scan(dir.Path, ScanOptions.Default, NoPrevious);

        Assert.That(result.Entries.Keys.Select(k => k.Value).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "keep.log", "src", "src/top.txt", "sub" }));
        Assert.That(result.Skipped.Select(s => (s.Path.Value, s.Reason)).Order(),
            Is.EqualTo(new[] { ("a.log", SkipReason.Ignored), ("build", SkipReason.Ignored), ("src/build", SkipReason.Ignored), ("sub/b.log", SkipReason.Ignored), ("top.txt", SkipReason.Ignored) }));
    }

    [Test]
    public void Files_above_the_size_limit_are_skipped_unread()
    {
        using var dir = new StoreScanTempDirectory();
        dir.Write("small.txt", new string('a', 100));
        dir.Write("big.txt", new string('a', 101));

        var result = Scanner.Scan(dir.Path, ScanOptions.Default with { MaxFileSizeBytes = 100 }, NoPrevious);

        Assert.That(result.Entries.Keys, Is.EqualTo(new[] { P("small.txt") }));
        Assert.That(SkipOf(result, "big.txt"), Is.EqualTo(SkipReason.TooLarge));
        Assert.That(result.HashedCount, Is.EqualTo(1));
    }

    [Test]
    public void Symlinks_pointing_outside_are_listed_never_followed()
    {
        using var outside = new StoreScanTempDirectory();
        outside.Write("secret.txt", "outside");
        outside.Write("tree/inner.txt", "outside");
        using var dir = new StoreScanTempDirectory();
        dir.Write("real.txt", "inside");
        File.CreateSymbolicLink(dir.Combine("file-link.txt"), outside.Combine("secret.txt"));
        Directory.CreateSymbolicLink(dir.Combine("dir-link"), outside.Combine("tree"));

        var result = Scanner.Scan(dir.Path, ScanOptions.Default, NoPrevious);

        Assert.That(result.Entries.Keys, Is.EqualTo(new[] { P("real.txt") }));
        Assert.That(SkipOf(result, "file-link.txt"), Is.EqualTo(SkipReason.Symlink));
        Assert.That(SkipOf(result, "dir-link"), Is.EqualTo(SkipReason.Symlink));
        Assert.That(result.HashedCount, Is.EqualTo(1), "only the real file was read");

        var throughLink = Scanner.ScanOne(dir.Path, P("dir-link/inner.txt"), ScanOptions.Default, NoPrevious);
        Assert.That(throughLink.Entry, Is.Null);
        Assert.That(throughLink.Skipped?.Reason, Is.EqualTo(SkipReason.Symlink));
    }

    [Test]
    public void An_unchanged_tree_is_not_rehashed_and_one_edit_rehashes_one_file()
    {
        using var dir = new StoreScanTempDirectory();
        for (int i = 0; i < 50; i++)
        {
            dir.Write($"d{i % 5}/f{i}.txt", $"content {i}");
        }

        var first = Scanner.Scan(dir.Path, ScanOptions.Default, NoPrevious);
        var second = Scanner.Scan(dir.Path, ScanOptions.Default, AsPrevious(first));
        Assert.That(first.HashedCount, Is.EqualTo(50));
        Assert.That(second.HashedCount, Is.Zero);
        Assert.That(second.Entries, Is.EquivalentTo(first.Entries));

        dir.Write("d3/f13.txt", "edited, and of another length");
        var third = Scanner.Scan(dir.Path, ScanOptions.Default, AsPrevious(second));

        Assert.That(third.HashedCount, Is.EqualTo(1));
        Assert.That(third.Entries[P("d3/f13.txt")].Sha256, Is.Not.EqualTo(first.Entries[P("d3/f13.txt")].Sha256));
    }

    [Test]
    public void A_same_size_rewrite_with_a_new_mtime_is_rehashed()
    {
        using var dir = new StoreScanTempDirectory();
        string path = dir.Write("a.txt", "aaaa");
        var first = Scanner.Scan(dir.Path, ScanOptions.Default, NoPrevious);
        File.WriteAllText(path, "bbbb");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));

        var second = Scanner.Scan(dir.Path, ScanOptions.Default, AsPrevious(first));

        Assert.That(second.HashedCount, Is.EqualTo(1));
        Assert.That(second.Entries[P("a.txt")].Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData("bbbb"u8))));
    }

    [Test]
    public void A_missing_root_is_reported_not_read_as_empty()
    {
        using var dir = new StoreScanTempDirectory();
        var result = Scanner.Scan(dir.Combine("gone"), ScanOptions.Default, NoPrevious);
        Assert.That(result.RootMissing, Is.True);
        Assert.That(Scanner.ScanOne(dir.Combine("gone"), P("a"), ScanOptions.Default, NoPrevious).RootMissing, Is.True);
        Assert.That(Scanner.Scan(dir.Path, ScanOptions.Default, NoPrevious).RootMissing, Is.False);
    }

    [Test]
    public void ScanOne_judges_a_single_path()
    {
        using var dir = new StoreScanTempDirectory();
        dir.Write(PathFilter.IgnoreFileName, "build/\n");
        dir.Write("a.txt", "alpha");
        dir.Write("build/x.txt", "x");
        dir.Write(".cache/y.txt", "y");
        dir.Write("notes.txt.swp", "swap");
        var scanner = new Scanner(dir.Path, ScanOptions.Default);

        Assert.That(scanner.ScanOne(P("a.txt"), NoPrevious).Entry?.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData("alpha"u8))));
        Assert.That(scanner.ScanOne(P("nope.txt"), NoPrevious).IsAbsent, Is.True);
        Assert.That(scanner.ScanOne(P("a.txt/under-a-file"), NoPrevious).IsAbsent, Is.True);
        Assert.That(scanner.ScanOne(P("build/x.txt"), NoPrevious).Skipped?.Reason, Is.EqualTo(SkipReason.Ignored));
        Assert.That(scanner.ScanOne(P(".cache/y.txt"), NoPrevious).Skipped?.Reason, Is.EqualTo(SkipReason.Hidden));
        Assert.That(scanner.ScanOne(P("notes.txt.swp"), NoPrevious).Skipped?.Reason, Is.EqualTo(SkipReason.Temporary));
        Assert.That(scanner.ScanOne(P("build"), NoPrevious).Skipped?.Reason, Is.EqualTo(SkipReason.Ignored));

        dir.Write(PathFilter.IgnoreFileName, "*.txt\n");
        Assert.That(scanner.ScanOne(P("a.txt"), NoPrevious).Skipped?.Reason, Is.EqualTo(SkipReason.Ignored), "the ignore file is reloaded when it changes");
    }

    [Test]
    public void ScanSubtree_covers_a_directory_and_what_is_beneath_it()
    {
        using var dir = new StoreScanTempDirectory();
        dir.Write("outside.txt", "o");
        dir.Write("new/a.txt", "a");
        dir.Write("new/deep/b.txt", "b");

        var result = new Scanner(dir.Path, ScanOptions.Default).ScanSubtree(P("new"), NoPrevious);

        Assert.That(result.Entries.Keys.Select(k => k.Value).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "new", "new/a.txt", "new/deep", "new/deep/b.txt" }));
        Assert.That(result.HashedCount, Is.EqualTo(2));
    }

    [Test]
    public void Paths_under_an_unreadable_or_unstable_skip_are_uncertain()
    {
        // (The tests run as root, which reads a mode-000 directory anyway, so the skip is built by hand.)
        var result = new ScanResult(
            new Dictionary<RelativePath, ScannedEntry>(),
            [new SkippedEntry(P("locked"), SkipReason.Unreadable), new SkippedEntry(P("busy.txt"), SkipReason.Unstable), new SkippedEntry(P("big.txt"), SkipReason.TooLarge)],
            0,
            RootMissing: false);

        Assert.That(result.IsUncertain(P("locked/a.txt")), Is.True);
        Assert.That(result.IsUncertain(P("locked")), Is.True);
        Assert.That(result.IsUncertain(P("busy.txt")), Is.True);
        Assert.That(result.IsUncertain(P("lockedness.txt")), Is.False);
        Assert.That(result.IsUncertain(P("big.txt")), Is.False);
    }
}
