using FolderSync.Common.Protocol;
using FolderSync.Common.Scanning;

namespace FolderSync.Tests.Scanning;

public sealed class PathFilterTests
{
    private static readonly string[] Rules =
    [
        "# a comment",
        "*.log",
        "!keep.log",
        "build/",
        "/rootonly.txt",
        "docs/*.pdf.txt",
        "**/cache",
        "secret-*",
    ];

    private static SkipReason? Check(PathFilter filter, string path, bool isDirectory = false) =>
        filter.CheckWithAncestors(RelativePath.Parse(path), isDirectory);

    [TestCase(".hidden")]
    [TestCase("dir/.hidden")]
    [TestCase(".git/config")]
    [TestCase("a/.cache/b/c.txt")]
    [TestCase(".foldersync-tmp-1234-notes.txt")]
    public void Hidden_names_and_everything_beneath_them_are_excluded(string path) =>
        Assert.That(Check(PathFilter.Empty, path), Is.EqualTo(SkipReason.Hidden));

    [TestCase("notes.tmp")]
    [TestCase("NOTES.TMP")]
    [TestCase("dir/.notes.txt.swp")]
    [TestCase("notes.txt.swp")]
    [TestCase("notes.txt.swx")]
    [TestCase("notes.txt~")]
    [TestCase("4913")]
    [TestCase("dir/4913")]
    public void Temporary_names_are_excluded(string path) =>
        Assert.That(Check(PathFilter.Empty, path), Is.AnyOf(SkipReason.Temporary, SkipReason.Hidden));

    [Test]
    public void Emacs_lock_files_are_excluded() =>
        Assert.That(PathFilter.IsTemporaryName(".#notes.txt") && PathFilter.IsHiddenName(".#notes.txt"), Is.True);

    [TestCase("notes.txt")]
    [TestCase("49130")]
    [TestCase("tmp.txt")]
    [TestCase("dir/swp")]
    [TestCase("a~b.txt")]
    public void Ordinary_names_pass(string path) => Assert.That(Check(PathFilter.Empty, path), Is.Null);

    [TestCase("app.log", true)]
    [TestCase("deep/dir/app.log", true)]
    [TestCase("keep.log", false)]
    [TestCase("deep/keep.log", false)]
    [TestCase("build", true, true)]
    [TestCase("build/out.txt", true)]
    [TestCase("src/build/out.txt", true)]
    [TestCase("build.txt", false)]
    [TestCase("rootonly.txt", true)]
    [TestCase("sub/rootonly.txt", false)]
    [TestCase("docs/a.pdf.txt", true)]
    [TestCase("docs/sub/a.pdf.txt", false)]
    [TestCase("x/y/cache/z.txt", true)]
    [TestCase("secret-plan.txt", true)]
    [TestCase("plain.txt", false)]
    public void Ignore_file_rules_follow_gitignore(string path, bool ignored, bool isDirectory = false)
    {
        var filter = new PathFilter(Rules);
        Assert.That(Check(filter, path, isDirectory), ignored ? Is.EqualTo(SkipReason.Ignored) : Is.Null);
    }

    [Test]
    public void A_directory_only_pattern_does_not_match_a_file_of_that_name()
    {
        var filter = new PathFilter(["build/"]);
        Assert.That(Check(filter, "build", isDirectory: false), Is.Null);
        Assert.That(Check(filter, "build", isDirectory: true), Is.EqualTo(SkipReason.Ignored));
    }

    [Test]
    public void Load_reads_the_ignore_file_at_the_root()
    {
        using var dir = new Support.StoreScanTempDirectory();
        Assert.That(Check(PathFilter.Load(dir.Path), "a.log"), Is.Null);
        dir.Write(PathFilter.IgnoreFileName, "*.log\n!keep.log\n");
        var filter = PathFilter.Load(dir.Path);
        Assert.That(Check(filter, "a.log"), Is.EqualTo(SkipReason.Ignored));
        Assert.That(Check(filter, "keep.log"), Is.Null);
    }
}
