using System.Text;

namespace FolderSync.Bench.Micro;

/// <summary>Seeded ASCII text, the shape of the files FolderSync syncs.</summary>
internal static class TextFiles
{
    private static readonly string[] Words = "the of and to in is that for it as was with be by on not this are or from at which but have".Split(' ');

    public static void Write(string path, long size, int seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        var line = new StringBuilder();
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        long left = size;
        while (left > 0)
        {
            line.Clear();
            while (line.Length < 60)
            {
                line.Append(Words[random.Next(Words.Length)]).Append(' ');
            }

            line.Append('\n');
            byte[] bytes = Encoding.ASCII.GetBytes(line.ToString());
            int n = (int)Math.Min(left, bytes.Length);
            file.Write(bytes, 0, n);
            left -= n;
        }
    }
}
