using FolderSync.Bench.Runner.Corpus;
using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner.Scenarios;

/// <summary>What every scenario needs: options, results, and fresh trees for a session.</summary>
internal sealed class BenchContext(BenchOptions options, Results results)
{
    public BenchOptions Options { get; } = options;

    public Results Results { get; } = results;

    public string CorpusCache => Path.Join(Options.Work, "corpus");

    /// <summary>
    /// Fresh A (a copy of the corpus) and empty destinations (or copies, when <paramref name="seedDestinations"/>),
    /// in a directory of their own so a failed session leaves nothing behind for the next; the tool talks directly
    /// unless <paramref name="countWire"/> puts the counting proxy in its path.
    /// </summary>
    public SessionPaths NewTrees(SyncTool tool, string scenario, int run, CorpusSpec spec, int destinations = 1, bool seedDestinations = false, bool countWire = false)
    {
        string corpus = CorpusGenerator.Ensure(spec, CorpusCache);
        string root = Path.Join(Options.Work, "runs", $"{Safe(tool.Name)}-{scenario}-{run}");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        string source = Path.Join(root, "A");
        CorpusGenerator.CopyTo(corpus, source);
        var dests = Enumerable.Range(1, destinations).Select(i => Path.Join(root, destinations == 1 ? "B" : $"B{i:D2}")).ToList();
        foreach (string dest in dests)
        {
            if (seedDestinations)
            {
                CorpusGenerator.CopyTo(corpus, dest);
            }
            else
            {
                Directory.CreateDirectory(dest);
            }
        }

        return new SessionPaths(source, dests, Path.Join(root, "work"), countWire);
    }

    public static void Remove(SessionPaths paths)
    {
        string root = Path.GetDirectoryName(paths.Source)!;
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A tool that had not quite let go: the next run of the same name deletes it.
        }
    }

    /// <summary>What B must hold: A's files, less the binaries for a tool that syncs text only.</summary>
    public static SortedDictionary<string, long> ExpectedSizes(SyncTool tool, string source)
    {
        var sizes = TreeManifest.Sizes(source);
        if (tool.SkipsBinaries)
        {
            foreach (string path in sizes.Keys.Where(p => IsBinary(Path.Join(source, p))).ToList())
            {
                sizes.Remove(path);
            }
        }

        return sizes;
    }

    /// <summary>Waits (up to 20 s) for every destination to equal A by path and SHA-256; records the outcome.</summary>
    public async Task VerifyAsync(SyncTool tool, SessionPaths paths, string what)
    {
        foreach (string dest in paths.Destinations)
        {
            string? problem = null;
            await Poll.UntilAsync(
                () =>
                {
                    var expected = TreeManifest.Hashes(paths.Source);
                    if (tool.SkipsBinaries)
                    {
                        foreach (string path in expected.Keys.Where(p => IsBinary(Path.Join(paths.Source, p))).ToList())
                        {
                            expected.Remove(path);
                        }
                    }

                    problem = TreeManifest.Compare(expected, dest);
                    return problem is null;
                },
                TimeSpan.FromSeconds(20),
                TimeSpan.FromMilliseconds(500));
            if (problem is not null)
            {
                Results.Check(tool.Name, $"FAIL {what}: {Path.GetFileName(dest)} {problem}");
                return;
            }
        }

        Results.Check(tool.Name, $"ok   {what}: {paths.Destinations.Count} tree(s) identical (paths and SHA-256)");
    }

    private static bool IsBinary(string path)
    {
        Span<byte> head = stackalloc byte[8192];
        using var file = File.OpenRead(path);
        int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read].Contains((byte)0);
    }

    private static string Safe(string name) => name.Replace('/', '-').ToLowerInvariant();
}
