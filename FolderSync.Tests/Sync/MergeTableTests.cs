using System.Text;
using FolderSync.Common.Sync.Merge;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Sync;

/// <summary>
/// Named three-way text merges (base, ours, theirs → merged text, or null for a conflict), each also checked against
/// <c>git merge-file</c>, the reference. Texts are written as space-separated lines: <see cref="L"/> ends each line
/// with LF, <see cref="C"/> with CRLF, <see cref="N"/> leaves the last line without an ending.
/// </summary>
public sealed class MergeTableTests
{
    private sealed record Row(string Name, string Base, string Ours, string Theirs, string? Merged);

    private const string Eight = "1 2 3 4 5 6 7 8";

    private static readonly Row[] Rows =
    [
        new("unchanged/both", L(Eight), L(Eight), L(Eight), L(Eight)),
        new("unchanged/ours", L(Eight), L(Eight), L("1 2 3 B 5 6 7 8"), L("1 2 3 B 5 6 7 8")),
        new("unchanged/theirs", L(Eight), L("1 A 3 4 5 6 7 8"), L(Eight), L("1 A 3 4 5 6 7 8")),

        new("disjoint/edits", L(Eight), L("1 A 3 4 5 6 7 8"), L("1 2 3 4 5 B 7 8"), L("1 A 3 4 5 B 7 8")),
        new("disjoint/one-line-apart", L(Eight), L("1 A 3 4 5 6 7 8"), L("1 2 3 B 5 6 7 8"), L("1 A 3 B 5 6 7 8")),
        new("disjoint/first-and-last-line", L(Eight), L("A 2 3 4 5 6 7 8"), L("1 2 3 4 5 6 7 B"), L("A 2 3 4 5 6 7 B")),
        new("disjoint/line-counts-change", L(Eight), L("1 A1 A2 A3 3 4 5 6 7 8"), L("1 2 3 4 5 6 8"), L("1 A1 A2 A3 3 4 5 6 8")),

        // Like git's diff3 default: changes that touch (no unchanged line between them) conflict.
        new("adjacent/lines", L(Eight), L("1 A 3 4 5 6 7 8"), L("1 2 B 4 5 6 7 8"), null),
        new("adjacent/insert-below-a-changed-line", L(Eight), L("1 2 A 4 5 6 7 8"), L("1 2 3 b 4 5 6 7 8"), null),
        new("adjacent/insert-above-a-changed-line", L(Eight), L("1 2 A 4 5 6 7 8"), L("1 b 2 3 4 5 6 7 8"), L("1 b 2 A 4 5 6 7 8")),

        new("same-line/same-change", L(Eight), L("1 2 3 X 5 6 7 8"), L("1 2 3 X 5 6 7 8"), L("1 2 3 X 5 6 7 8")),
        new("same-line/same-change-plus-own-edits", L(Eight), L("A 2 3 X 5 6 7 8"), L("1 2 3 X 5 6 7 B"), L("A 2 3 X 5 6 7 B")),
        new("same-line/different-change", L(Eight), L("1 2 3 A 5 6 7 8"), L("1 2 3 B 5 6 7 8"), null),
        new("same-line/one-deletes-other-edits", L(Eight), L("1 2 3 5 6 7 8"), L("1 2 3 B 5 6 7 8"), null),

        new("delete/region-the-other-edits", L(Eight), L("1 2 6 7 8"), L("1 2 3 B 5 6 7 8"), null),
        new("delete/region-the-other-leaves", L(Eight), L("1 2 6 7 8"), L("1 2 3 4 5 6 7 B"), L("1 2 6 7 B")),
        new("delete/same-region-both", L(Eight), L("1 2 6 7 8"), L("1 2 6 7 8"), L("1 2 6 7 8")),
        new("delete/overlapping-regions", L(Eight), L("1 2 6 7 8"), L("1 2 3 4 7 8"), null),

        new("insert/same-place-same-text", L(Eight), L("1 2 3 4 x 5 6 7 8"), L("1 2 3 4 x 5 6 7 8"), L("1 2 3 4 x 5 6 7 8")),
        new("insert/same-place-different-text", L(Eight), L("1 2 3 4 a 5 6 7 8"), L("1 2 3 4 b 5 6 7 8"), null),
        new("insert/at-start", L(Eight), L("a 1 2 3 4 5 6 7 8"), L("1 2 3 4 B 6 7 8"), L("a 1 2 3 4 B 6 7 8")),
        new("insert/at-end", L(Eight), L("1 A 3 4 5 6 7 8"), L("1 2 3 4 5 6 7 8 b"), L("1 A 3 4 5 6 7 8 b")),
        new("insert/both-at-start-different", L(Eight), L("a 1 2 3 4 5 6 7 8"), L("b 1 2 3 4 5 6 7 8"), null),
        new("insert/both-at-end-different", L(Eight), L("1 2 3 4 5 6 7 8 a"), L("1 2 3 4 5 6 7 8 b"), null),

        new("no-final-newline/disjoint-edits", N(Eight), N("1 A 3 4 5 6 7 8"), N("1 2 3 4 5 B 7 8"), N("1 A 3 4 5 B 7 8")),
        new("no-final-newline/ours-adds-it", N(Eight), L(Eight), N("1 B 3 4 5 6 7 8"), L("1 B 3 4 5 6 7 8")),
        new("no-final-newline/theirs-removes-it", L(Eight), L("1 A 3 4 5 6 7 8"), N(Eight), N("1 A 3 4 5 6 7 8")),
        new("no-final-newline/both-add-it", N(Eight), L("1 A 3 4 5 6 7 8"), L("1 2 3 4 5 B 7 8"), L("1 A 3 4 5 B 7 8")),
        new("no-final-newline/one-adds-it-other-edits-last-line", N(Eight), L(Eight), N("1 2 3 4 5 6 7 B"), null),
        new("no-final-newline/ours-appends-a-line", N(Eight), N("1 2 3 4 5 6 7 8 a"), N("B 2 3 4 5 6 7 8"), N("B 2 3 4 5 6 7 8 a")),

        new("crlf/disjoint-edits", C(Eight), C("1 A 3 4 5 6 7 8"), C("1 2 3 4 5 B 7 8"), C("1 A 3 4 5 B 7 8")),
        new("crlf/same-line-different-change", C(Eight), C("1 2 3 A 5 6 7 8"), C("1 2 3 B 5 6 7 8"), null),
        new("crlf/without-final-newline", "1\r\n2\r\n3\r\n4", "1\r\nA\r\n3\r\n4", "1\r\n2\r\n3\r\nB", "1\r\nA\r\n3\r\nB"),
        new("crlf/one-side-converts-a-line-to-lf", C(Eight), C("1 2 3 4 5 6 7 8").Replace("2\r\n", "2\n", StringComparison.Ordinal), C("1 2 3 4 5 B 7 8"),
            C("1 2 3 4 5 B 7 8").Replace("2\r\n", "2\n", StringComparison.Ordinal)),
        new("crlf/one-side-converts-the-file-to-lf", C(Eight), L(Eight), C("1 2 3 4 5 B 7 8"), null),

        new("mixed-endings/disjoint-edits", "1\r\n2\n3\r\n4\n5\r\n6", "1\r\nA\n3\r\n4\n5\r\n6", "1\r\n2\n3\r\n4\nB\r\n6", "1\r\nA\n3\r\n4\nB\r\n6"),
        new("mixed-endings/one-side-changes-a-line-ending-other-its-text", "1\r\n2\n3\r\n4\n5\r\n6", "1\r\n2\r\n3\r\n4\n5\r\n6", "1\r\nB\n3\r\n4\n5\r\n6", null),

        new("empty-base/both-create-same", "", L("1 2"), L("1 2"), L("1 2")),
        new("empty-base/both-create-different", "", L("a 1"), L("b 1"), null),
        new("empty-base/one-side-creates", "", L("a 1"), "", L("a 1")),
        new("empty-result/ours-empties-the-file", L(Eight), "", L(Eight), ""),
        new("empty-result/ours-empties-theirs-edits", L(Eight), "", L("1 2 3 B 5 6 7 8"), null),

        // Interleaved edits, where DiffPlex 1.9.0's ThreeWayDiffer goes wrong once the hunks straddle one another.
        new("interleaved/ours-2-6-theirs-4-8", L(Eight), L("1 A 3 4 5 A 7 8"), L("1 2 3 B 5 6 7 B"), L("1 A 3 B 5 A 7 B")),
        new("interleaved/with-inserts-and-deletes", L(Eight), L("1 a a 3 4 5 7 8"), L("1 2 3 4 b 5 6 7 8 b"), L("1 a a 3 4 b 5 7 8 b")),
        new("interleaved/ours-2-to-5-straddles-theirs-4", L(Eight), L("1 A A A A 6 7 8"), L("1 2 3 B 5 6 7 8"), null),
        new("interleaved/ours-2-3-touches-theirs-4", L(Eight), L("1 A A 4 5 A 7 8"), L("1 2 3 B 5 6 7 B"), null),
        new("interleaved/straddle-then-a-distant-edit", L("1 2 3 4 5 6 7 8 9 10 11 12"), L("1 2 A 5 6 7 8 9 A 11 12"),
            L("1 2 3 b 4 5 6 7 8 9 10 11 12"), null),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        Rows.Select(r => new TestCaseData(r.Base, r.Ours, r.Theirs, r.Merged).SetName($"{r.Name} → {(r.Merged is null ? "conflict" : "merged")}"));

    private static IEnumerable<TestCaseData> GitCases() =>
        Rows.Select(r => new TestCaseData(r.Base, r.Ours, r.Theirs, r.Merged).SetName($"git/{r.Name}"));

    [TestCaseSource(nameof(Cases))]
    public void Merge(string @base, string ours, string theirs, string? merged)
    {
        var result = TextMerge.Merge(@base, ours, theirs);
        var swapped = TextMerge.Merge(@base, theirs, ours);

        Assert.That(result.Text, Is.EqualTo(merged));
        Assert.That(result.Clean, Is.EqualTo(merged is not null));
        Assert.That(result.Conflicts, merged is null ? Is.Not.Empty : Is.Empty);
        Assert.That(swapped.Text, Is.EqualTo(merged), "a merge does not depend on which side is ours");
    }

    [TestCaseSource(nameof(GitCases))]
    public void Git_merge_file_agrees_with_the_table(string @base, string ours, string theirs, string? merged)
    {
        Assert.That(GitMergeFile.Merge(@base, ours, theirs), Is.EqualTo(merged));
    }

    [Test]
    public void Random_edits_merge_as_git_does([Values(1, 2, 3)] int seed)
    {
        var random = new Random(seed);
        var baseLines = Enumerable.Range(1, 12).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        int clean = 0;
        for (int trial = 0; trial < 60; trial++)
        {
            // Fresh line names keep the diffs unambiguous, so both tools must find the same hunks.
            string @base = Text(baseLines), ours = Text(Edit(baseLines, random, "a")), theirs = Text(Edit(baseLines, random, "b"));
            var merged = TextMerge.Merge(@base, ours, theirs);

            Assert.That(merged.Text, Is.EqualTo(GitMergeFile.Merge(@base, ours, theirs)), $"base:\n{@base}\nours:\n{ours}\ntheirs:\n{theirs}");
            clean += merged.Clean ? 1 : 0;
        }

        Assert.That(clean, Is.InRange(10, 50), "the trials mix clean merges and conflicts");
    }

    [Test]
    public void A_conflict_names_its_lines_in_each_version()
    {
        var result = TextMerge.Merge(L(Eight), L("a 1 2 A A 4 5 6 7 8"), L("1 2 3 B 5 6 7 8"));

        Assert.That(result.Conflicts, Is.EqualTo(new[]
        {
            new MergeConflict(Base: new LineRange(2, 2), Ours: new LineRange(3, 3), Theirs: new LineRange(2, 2)),
        }));
    }

    [Test]
    public void Each_conflicting_region_is_reported()
    {
        var result = TextMerge.Merge(L(Eight), L("1 A 3 4 5 6 A 8"), L("1 B 3 4 5 6 B 8"));

        Assert.That(result.Conflicts.Select(c => c.Base), Is.EqualTo(new[] { new LineRange(1, 1), new LineRange(6, 1) }));
    }

    [Test]
    public void A_one_mebibyte_file_with_one_line_changed_per_side_merges()
    {
        var lines = new List<string>();
        for (int size = 0; size < 1 << 20; size += lines[^1].Length + 1)
        {
            lines.Add($"line {lines.Count:D7}: a large text file, changed in one line on each side");
        }

        var ours = lines.ToList();
        ours[10] = "ours";
        var theirs = lines.ToList();
        theirs[^10] = "theirs";
        var merged = ours.ToList();
        merged[^10] = "theirs";

        Assert.That(TextMerge.Merge(Text(lines), Text(ours), Text(theirs)).Text, Is.EqualTo(Text(merged)));
    }

    [Test]
    public void Every_row_is_a_distinct_name()
    {
        Assert.That(Rows.Select(r => r.Name), Is.Unique);
    }

    private static string L(string lines) => Join(lines, "\n") + "\n";

    private static string C(string lines) => Join(lines, "\r\n") + "\r\n";

    private static string N(string lines) => Join(lines, "\n");

    private static string Join(string lines, string ending) => string.Join(ending, lines.Split(' '));

    private static string Text(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (string line in lines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>One to three random edits: a line changed, deleted, or a new one inserted.</summary>
    private static List<string> Edit(List<string> lines, Random random, string side)
    {
        var edited = lines.ToList();
        for (int edit = random.Next(1, 4); edit > 0; edit--)
        {
            int at = random.Next(edited.Count);
            switch (random.Next(3))
            {
                case 0: edited[at] = $"{edited[at]}{side}{edit}"; break;
                case 1: edited.RemoveAt(at); break;
                default: edited.Insert(at, $"{side}{edit}"); break;
            }
        }

        return edited;
    }
}
