namespace FolderSync.Bench.Runner.Corpus;

/// <param name="Files">How many files (text files for <see cref="CorpusKind.Mixed"/>).</param>
/// <param name="MinBytes">Smallest file size.</param>
/// <param name="MaxBytes">Largest file size.</param>
/// <param name="Binaries">Binary files added to a mixed tree.</param>
internal sealed record CorpusSpec(CorpusKind Kind, int Files, int MinBytes, int MaxBytes, int Binaries = 0, ulong Seed = 42)
{
    public string Id => $"{Kind}-{Files}-{MinBytes}-{MaxBytes}-{Binaries}-{Seed}".ToLowerInvariant();

    public string Describe() => Kind switch
    {
        CorpusKind.Large => $"{Files} × {MaxBytes / (1024 * 1024)} MiB text files",
        CorpusKind.Mixed => $"{Files} text files + {Binaries} binaries",
        _ => $"{Files:N0} text files of {Human(MinBytes)}–{Human(MaxBytes)}",
    };

    private static string Human(int bytes) => bytes >= 1024 ? $"{bytes / 1024} KiB" : $"{bytes} B";
}
