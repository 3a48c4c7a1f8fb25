using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;
using static FolderSync.Tests.Sync.SyncStates;

namespace FolderSync.Tests.Sync;

public sealed class ConflictNamesTests
{
    private static readonly DateTimeOffset When = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [TestCase("report.txt", "laptop", "report.sync-conflict-20260102-030405-laptop.txt", TestName = "simple extension")]
    [TestCase("docs/report.txt", "laptop", "docs/report.sync-conflict-20260102-030405-laptop.txt", TestName = "stays beside the file")]
    [TestCase("Makefile", "laptop", "Makefile.sync-conflict-20260102-030405-laptop", TestName = "no extension appends")]
    [TestCase(".bashrc", "laptop", ".bashrc.sync-conflict-20260102-030405-laptop", TestName = "dotfile appends")]
    [TestCase(".config.json", "laptop", ".config.sync-conflict-20260102-030405-laptop.json", TestName = "dotfile with extension")]
    [TestCase("archive.tar.gz", "laptop", "archive.tar.sync-conflict-20260102-030405-laptop.gz", TestName = "multiple dots split at the last")]
    [TestCase("trailing.", "laptop", "trailing..sync-conflict-20260102-030405-laptop", TestName = "trailing dot appends")]
    [TestCase("a.dir/noext", "laptop", "a.dir/noext.sync-conflict-20260102-030405-laptop", TestName = "dot in the directory is ignored")]
    [TestCase("résumé – ünïcode.md", "laptop", "résumé – ünïcode.sync-conflict-20260102-030405-laptop.md", TestName = "unicode name")]
    [TestCase("日本語.txt", "laptop", "日本語.sync-conflict-20260102-030405-laptop.txt", TestName = "cjk name")]
    [TestCase("f.txt", "my laptop/../x.y", "f.sync-conflict-20260102-030405-my_laptop____x_y.txt", TestName = "origin sanitised")]
    [TestCase("f.txt", "Ünï_cöde-1", "f.sync-conflict-20260102-030405-_n__c_de-1.txt", TestName = "origin non-ascii sanitised")]
    [TestCase("f.txt", "", "f.sync-conflict-20260102-030405-unknown.txt", TestName = "empty origin")]
    public void For(string path, string origin, string expected)
    {
        var copy = ConflictNames.For(P(path), When, origin);

        Assert.That(copy.Value, Is.EqualTo(expected));
        Assert.That(ConflictNames.IsConflictCopy(copy), Is.True);
    }

    [Test]
    public void Uses_utc_and_is_deterministic()
    {
        var local = new DateTimeOffset(2026, 1, 2, 5, 4, 5, TimeSpan.FromHours(2));

        Assert.That(ConflictNames.For(P("a.txt"), local, "x"), Is.EqualTo(ConflictNames.For(P("a.txt"), When, "x")));
    }

    [Test]
    public void Long_names_are_cut_to_the_component_limit_without_splitting_characters()
    {
        string stem = string.Concat(Enumerable.Repeat("é", 125)); // 250 bytes
        var copy = ConflictNames.For(P(stem + ".txt"), When, new string('o', 200));

        Assert.That(System.Text.Encoding.UTF8.GetByteCount(copy.Name), Is.LessThanOrEqualTo(RelativePath.MaxComponentBytes));
        Assert.That(copy.Name, Does.StartWith("éé").And.EndWith(".txt"));
        Assert.That(copy.Name.Replace("é", "", StringComparison.Ordinal), Does.StartWith(".sync-conflict-"), "only whole characters of the stem remain");
        Assert.That(ConflictNames.IsConflictCopy(copy), Is.True);
    }

    [TestCase("report.txt", false)]
    [TestCase("report.sync-conflict.txt", false)]
    [TestCase("report.sync-conflict-2026-laptop.txt", false)]
    [TestCase("report.sync-conflict-20260102-030405-laptop.txt", true)]
    [TestCase("Makefile.sync-conflict-20260102-030405-laptop", true)]
    [TestCase("dir.sync-conflict-20260102-030405-laptop/inner.txt", false)]
    public void IsConflictCopy(string path, bool expected)
    {
        Assert.That(ConflictNames.IsConflictCopy(P(path)), Is.EqualTo(expected));
    }
}
