using System.Text;

namespace FolderSync.Bench.Runner.Corpus;

/// <summary>Seeded pseudo-English lines (xorshift64*): the same seed gives the same bytes on every machine.</summary>
internal sealed class TextSource(ulong seed)
{
    private static readonly byte[][] Words =
    [
        .. "the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three"
            .Split(' ').Select(Encoding.ASCII.GetBytes),
    ];

    private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    public int Next(int bound)
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return (int)((_state * 0x2545F4914F6CDD1DUL >> 33) % (ulong)bound);
    }

    /// <summary>Fills <paramref name="buffer"/> with whole lines of words, the last line cut at the end.</summary>
    public void Fill(Span<byte> buffer)
    {
        int at = 0;
        int lineLength = 0;
        while (at < buffer.Length)
        {
            byte[] word = Words[Next(Words.Length)];
            if (lineLength > 60)
            {
                buffer[at++] = (byte)'\n';
                lineLength = 0;
                continue;
            }

            if (lineLength > 0)
            {
                buffer[at++] = (byte)' ';
                lineLength++;
            }

            int n = Math.Min(word.Length, buffer.Length - at);
            word.AsSpan(0, n).CopyTo(buffer[at..]);
            at += n;
            lineLength += n;
        }

        if (buffer.Length > 0)
        {
            buffer[^1] = (byte)'\n';
        }
    }
}
