namespace FolderSync.Bench.Runner.Corpus;

internal enum CorpusKind
{
    /// <summary>Many small text files in nested directories.</summary>
    Small,

    /// <summary>A few large text files.</summary>
    Large,

    /// <summary>Text files with binaries among them, which FolderSync must skip.</summary>
    Mixed,

    /// <summary>A big tree of tiny files, for restart.</summary>
    Tree,
}
