using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.Model;

namespace FolderSync.Common.Sync.Merge;

/// <summary>
/// Line-based three-way merge of concurrent text edits, as diff3 and <c>git merge-file</c> do it: DiffPlex diffs the
/// base against each side, and the two lists of hunks are walked in base order. Hunks of the two sides that overlap or
/// merely touch (adjacent lines, an insertion at the edge of the other side's change) form one region, as git's
/// default does, since edits that close usually depend on each other; such a region is a conflict unless both sides
/// made it identical. Each line keeps its own ending (LF, CRLF, none at the end of the file), so a merge writes back
/// exactly the bytes the sides wrote. Pure: no I/O.
/// </summary>
/// <remarks>
/// DiffPlex's own ThreeWayDiffer is not used: in 1.9.0, when one side's change straddles the start of the other's,
/// it reports a clean merge that silently drops edits, even far away ones (MergeTableTests, "interleaved/*").
/// </remarks>
internal static class TextMerge
{
    public static MergeResult Merge(string @base, string ours, string theirs)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        if (ours == theirs || theirs == @base)
        {
            return MergeResult.Merged(ours);
        }

        if (ours == @base)
        {
            return MergeResult.Merged(theirs);
        }

        var toOurs = Diff(@base, ours);
        var toTheirs = Diff(@base, theirs);
        var oursHunks = toOurs.DiffBlocks;
        var theirsHunks = toTheirs.DiffBlocks;
        var merged = new StringBuilder(Math.Max(ours.Length, theirs.Length));
        var conflicts = new List<MergeConflict>();
        int copied = 0, o = 0, t = 0;
        while (o < oursHunks.Count || t < theirsHunks.Count)
        {
            int start = Math.Min(StartOf(oursHunks, o), StartOf(theirsHunks, t));
            int end = start, oursFirst = o, theirsFirst = t;
            while (true)
            {
                if (o < oursHunks.Count && oursHunks[o].DeleteStartA <= end)
                {
                    end = Math.Max(end, EndOf(oursHunks[o++]));
                }
                else if (t < theirsHunks.Count && theirsHunks[t].DeleteStartA <= end)
                {
                    end = Math.Max(end, EndOf(theirsHunks[t++]));
                }
                else
                {
                    break;
                }
            }

            Append(merged, toOurs.PiecesOld, new LineRange(copied, start - copied));
            var region = new LineRange(start, end - start);
            if (t == theirsFirst)
            {
                Append(merged, toOurs.PiecesNew, Span(oursHunks, oursFirst, o, region));
            }
            else if (o == oursFirst)
            {
                Append(merged, toTheirs.PiecesNew, Span(theirsHunks, theirsFirst, t, region));
            }
            else
            {
                var oursSpan = Span(oursHunks, oursFirst, o, region);
                var theirsSpan = Span(theirsHunks, theirsFirst, t, region);
                if (SameLines(toOurs.PiecesNew, oursSpan, toTheirs.PiecesNew, theirsSpan))
                {
                    Append(merged, toOurs.PiecesNew, oursSpan);
                }
                else
                {
                    conflicts.Add(new MergeConflict(region, oursSpan, theirsSpan));
                }
            }

            copied = end;
        }

        if (conflicts.Count > 0)
        {
            return MergeResult.Conflicted(conflicts);
        }

        Append(merged, toOurs.PiecesOld, new LineRange(copied, toOurs.PiecesOld.Count - copied));
        return MergeResult.Merged(merged.ToString());
    }

    private static DiffResult Diff(string from, string to) =>
        Differ.Instance.CreateDiffs(from, to, ignoreWhiteSpace: false, ignoreCase: false, LineEndingsPreservingChunker.Instance);

    private static int StartOf(IList<DiffBlock> hunks, int index) => index < hunks.Count ? hunks[index].DeleteStartA : int.MaxValue;

    private static int EndOf(DiffBlock hunk) => hunk.DeleteStartA + hunk.DeleteCountA;

    /// <summary>The lines one side made of a base region, given that side's hunks inside it; lines between hunks are unchanged.</summary>
    private static LineRange Span(IList<DiffBlock> hunks, int first, int last, LineRange region)
    {
        var head = hunks[first];
        var tail = hunks[last - 1];
        int start = head.InsertStartB - (head.DeleteStartA - region.Start);
        int end = tail.InsertStartB + tail.InsertCountB + (region.Start + region.Count - EndOf(tail));
        return new LineRange(start, end - start);
    }

    private static bool SameLines(IReadOnlyList<string> a, LineRange aRange, IReadOnlyList<string> b, LineRange bRange)
    {
        if (aRange.Count != bRange.Count)
        {
            return false;
        }

        for (int i = 0; i < aRange.Count; i++)
        {
            if (!string.Equals(a[aRange.Start + i], b[bRange.Start + i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static void Append(StringBuilder merged, IReadOnlyList<string> lines, LineRange range)
    {
        for (int i = range.Start; i < range.Start + range.Count; i++)
        {
            merged.Append(lines[i]);
        }
    }
}
