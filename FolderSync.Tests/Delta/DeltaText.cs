using System.Text;

namespace FolderSync.Tests.Delta;

/// <summary>Deterministic text that looks like a log or source file: lines of words of varied length.</summary>
internal static class DeltaText
{
    private static readonly string[] Words = [.. "the of sync file server client chunk delta offset length hash bytes line edit folder index value return public static void string long int var new if else for while".Split(' ')];

    public static byte[] Generate(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        int i = 0;
        while (i < length)
        {
            int words = random.Next(3, 16);
            for (int w = 0; w < words && i < length; w++)
            {
                string word = random.Next(4) == 0 ? random.Next(100_000).ToString(System.Globalization.CultureInfo.InvariantCulture) : Words[random.Next(Words.Length)];
                i += Encoding.ASCII.GetBytes(word.AsSpan(0, Math.Min(word.Length, length - i)), data.AsSpan(i));
                if (i < length)
                {
                    data[i++] = (byte)(w == words - 1 ? '\n' : ' ');
                }
            }
        }

        return data;
    }

    /// <summary>Replaces the line containing <paramref name="position"/> with <paramref name="line"/> (plus a newline).</summary>
    public static byte[] ReplaceLine(byte[] data, int position, string line)
    {
        int start = Array.LastIndexOf(data, (byte)'\n', position) + 1;
        int end = Array.IndexOf(data, (byte)'\n', position);
        end = end < 0 ? data.Length : end + 1;
        return [.. data.AsSpan(0, start), .. Encoding.ASCII.GetBytes(line + "\n"), .. data.AsSpan(end)];
    }
}
