using System.Buffers;

namespace FolderSync.Tests.Support;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, so parsers meet every split a pipe can produce.</summary>
public static class TestSequence
{
    /// <summary>Splits <paramref name="data"/> at the given segment sizes; what is left goes in a last segment.</summary>
    public static ReadOnlySequence<byte> Create(ReadOnlySpan<byte> data, params int[] segmentSizes)
    {
        var pieces = new List<byte[]>();
        int offset = 0;
        foreach (int size in segmentSizes)
        {
            int take = Math.Min(size, data.Length - offset);
            pieces.Add(data.Slice(offset, take).ToArray());
            offset += take;
        }

        if (offset < data.Length || pieces.Count == 0)
        {
            pieces.Add(data[offset..].ToArray());
        }

        return FromSegments(pieces);
    }

    /// <summary>One byte per segment.</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(ReadOnlySpan<byte> data) =>
        Create(data, Enumerable.Repeat(1, data.Length).ToArray());

    /// <summary>Random segment sizes in 0..<paramref name="maxSegment"/> (empty segments included, as pipes may hold them).</summary>
    public static ReadOnlySequence<byte> Random(ReadOnlySpan<byte> data, Random random, int maxSegment = 64)
    {
        ArgumentNullException.ThrowIfNull(random);
        var sizes = new List<int>();
        for (int total = 0; total < data.Length;)
        {
            int size = random.Next(0, maxSegment + 1);
            sizes.Add(size);
            total += size;
        }

        return Create(data, sizes.ToArray());
    }

    public static ReadOnlySequence<byte> FromSegments(IReadOnlyList<byte[]> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        if (pieces.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(pieces[0], 0);
        var last = first;
        for (int i = 1; i < pieces.Count; i++)
        {
            last = last.Append(pieces[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, long runningIndex)
        {
            Memory = data;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] data)
        {
            var next = new Segment(data, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
