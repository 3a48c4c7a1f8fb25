namespace FolderSync.Bench.Runner.Corpus;

/// <summary>
/// Writes a corpus once into a cache directory (reused while its spec is unchanged) and hands out copies.
/// Layout: <c>d00/s0/f00000.txt</c>, 20 top directories of 10 subdirectories, so watchers see a nested tree.
/// </summary>
internal static class CorpusGenerator
{
    private const string DoneMarker = ".complete";

    public static string Ensure(CorpusSpec spec, string cacheRoot)
    {
        string dir = Path.Join(cacheRoot, spec.Id);
        if (File.Exists(Path.Join(dir, DoneMarker)))
        {
            return dir;
        }

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        var text = new TextSource(spec.Seed);
        byte[] buffer = new byte[Math.Min(spec.MaxBytes, 1 << 20)];
        int dirs = spec.Kind == CorpusKind.Tree ? 50 : 20;
        for (int i = 0; i < spec.Files; i++)
        {
            string path = Path.Join(dir, $"d{i % dirs:D2}", $"s{i / dirs % 10}", $"f{i:D6}.txt");
            long size = spec.MinBytes + text.Next(spec.MaxBytes - spec.MinBytes + 1);
            WriteText(path, size, text, buffer);
        }

        var random = new Random((int)spec.Seed);
        for (int i = 0; i < spec.Binaries; i++)
        {
            string path = Path.Join(dir, $"d{i % dirs:D2}", $"blob{i:D4}.{(i % 2 == 0 ? "png" : "dat")}");
            byte[] bytes = new byte[4096 + random.Next(60_000)];
            random.NextBytes(bytes);
            bytes[0] = 0; // A NUL in the first 8 KiB: binary by DESIGN §6, whatever the extension.
            File.WriteAllBytes(path, bytes);
        }

        File.WriteAllText(Path.Join(dir, DoneMarker), spec.Id);
        return dir;
    }

    /// <summary>A fresh copy (mtimes kept) of the corpus without the marker.</summary>
    public static void CopyTo(string corpus, string destination)
    {
        Directory.CreateDirectory(destination);
        var (code, output) = Infra.ChildProcess.CaptureAsync("cp", ["-a", corpus + "/.", destination], TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        if (code != 0)
        {
            throw new IOException($"cp -a {corpus} {destination} failed: {output}");
        }

        File.Delete(Path.Join(destination, DoneMarker));
    }

    private static void WriteText(string path, long size, TextSource text, byte[] buffer)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        long left = size;
        while (left > 0)
        {
            int n = (int)Math.Min(left, buffer.Length);
            text.Fill(buffer.AsSpan(0, n));
            file.Write(buffer, 0, n);
            left -= n;
        }
    }
}
