using System.Globalization;
using FolderSync.Bench.Runner.Corpus;

namespace FolderSync.Bench.Runner;

/// <summary>Command-line settings; <c>--quick</c> swaps every corpus and count for a smoke-sized one.</summary>
internal sealed record BenchOptions
{
    public bool Quick { get; init; }

    /// <summary>Interleaved repetitions of the cheap scenarios (first syncs, edits, big edit); medians are reported.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Repetitions of the heavy ones (mixed tree, idle, restart, fan-out).</summary>
    public int HeavyRuns { get; init; } = 1;

    /// <summary>Restart and fan-out run in a full run, and in a quick one only when --heavy-runs is given.</summary>
    public bool Thorough { get; init; } = true;

    public IReadOnlyList<string>? Tools { get; init; }

    /// <summary>Only these scenarios (small, large, mixed, restart, fanout); null runs them all.</summary>
    public IReadOnlyList<string>? Scenarios { get; init; }

    public bool Includes(string scenario) => Scenarios is null || Names(scenario);

    /// <summary>Named in <c>--scenarios</c>: the scale scenarios run only then.</summary>
    public bool Names(string scenario) => Scenarios?.Contains(scenario, StringComparer.OrdinalIgnoreCase) == true;

    /// <summary><c>--scale N</c>: the file count of the scale scenarios (default 100,000 for small100k and clients20x100k, 1,000,000 for huge).</summary>
    public int? ScaleFiles { get; init; }

    /// <summary><c>--clients N</c>: clients in clients20x100k (default 20), clients1000 (wire clients, default 1,000) and clients50 (real processes, default 50).</summary>
    public int? ClientCount { get; init; }

    public string Work { get; init; } = Path.Join(Path.GetTempPath(), "foldersync-bench");

    public string? Output { get; init; }

    public string? FolderSyncBin { get; init; }

    /// <summary>A framework-dependent publish of both daemons for the FolderSync-JIT column (default: publish one).</summary>
    public string? FolderSyncJitBin { get; init; }

    public Dictionary<string, string> FolderSyncSettings { get; init; } = [];

    public CorpusSpec Small => Quick ? new(CorpusKind.Small, 300, 1024, 8192) : new(CorpusKind.Small, 10_000, 1024, 8192);

    public CorpusSpec Large => Quick ? new(CorpusKind.Large, 2, 4 << 20, 4 << 20) : new(CorpusKind.Large, 8, 64 << 20, 64 << 20);

    public CorpusSpec Mixed => Quick ? new(CorpusKind.Mixed, 100, 1024, 8192, Binaries: 10) : new(CorpusKind.Mixed, 1_000, 1024, 8192, Binaries: 100);

    public CorpusSpec Tree => Quick ? new(CorpusKind.Tree, 2_000, 100, 600) : new(CorpusKind.Tree, 100_000, 100, 600);

    public CorpusSpec FanOutTree => Quick ? new(CorpusKind.Small, 50, 1024, 4096) : new(CorpusKind.Small, 500, 1024, 4096);

    public CorpusSpec Small100k => new(CorpusKind.Tree, ScaleFiles ?? (Quick ? 5_000 : 100_000), 50, 500);

    public CorpusSpec Huge => new(CorpusKind.Tree, ScaleFiles ?? (Quick ? 20_000 : 1_000_000), 50, 500);

    public int FanOutClients => Quick ? 3 : 20;

    /// <summary>Edits per direction (the issue asks for at least 50).</summary>
    public int Edits => Quick ? 10 : 50;

    public int TreeOps => Quick ? 3 : 10;

    public TimeSpan IdleWindow => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true, Runs = options.Runs == 3 ? 1 : options.Runs, Thorough = options.HeavyRuns != 1 },
                "--runs" => options with { Runs = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--heavy-runs" => options with { HeavyRuns = int.Parse(Value(), CultureInfo.InvariantCulture), Thorough = true },
                "--tools" => options with { Tools = Value().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--scenarios" => options with { Scenarios = Value().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--work" => options with { Work = Path.GetFullPath(Value()) },
                "--out" => options with { Output = Path.GetFullPath(Value()) },
                "--foldersync-bin" => options with { FolderSyncBin = Path.GetFullPath(Value()) },
                "--foldersync-jit-bin" => options with { FolderSyncJitBin = Path.GetFullPath(Value()) },
                "--fs-set" => options.WithSetting(Value()),
                "--scale" => options with { ScaleFiles = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--clients" => options with { ClientCount = int.Parse(Value(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }

        return options;
    }

    public const string Usage = """
        foldersync-bench [--quick] [--runs N] [--heavy-runs N]
                         [--tools FolderSync,FolderSync-JIT,FolderSync-noTLS,FolderSync-noHistory,rsync,rsync-fsync,lsyncd,unison,syncthing,tar/TCP]
                         [--scenarios small,large,mixed,restart,fanout,floors,small100k,huge,clients20x100k,clients1000,clients50]
                         [--scale N] [--clients N]
                         [--work DIR] [--out FILE.md] [--foldersync-bin DIR] [--foldersync-jit-bin DIR]
                         [--fs-set Section:Key=value]...
          --quick            small corpora and counts, no restart or fan-out (unless --heavy-runs): a smoke run
          --runs N           interleaved repetitions of first syncs, edits and the big edit (default 3; 1 with --quick)
          --heavy-runs N     repetitions of mixed tree, idle, restart and fan-out (default 1)
          --scenarios        only these scenarios (default: all but the scale ones; small includes edits, idle and
                             create/rename/delete); small100k, huge, clients20x100k, clients1000 and clients50
                             run only when named
          --scale N          files in the scale scenarios (default 100,000; huge 1,000,000), e.g. 200000 to show growth
          --clients N        clients in clients20x100k (real processes, default 20), clients1000 (the runner's
                             lightweight TLS protocol clients, default 1,000) and clients50 (real processes, default 50)
          --foldersync-bin   a directory with published foldersync-server and foldersync-client (default: publish them
                             native AOT)
          --foldersync-jit-bin  the same, framework-dependent, for FolderSync-JIT (default: publish them)
          --out              the report (default docs/benchmarks.md for a full run, WORK/benchmarks-quick.md for --quick)
        """;

    private BenchOptions WithSetting(string pair)
    {
        int eq = pair.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new ArgumentException($"--fs-set wants Section:Key=value, got {pair}");
        }

        var settings = new Dictionary<string, string>(FolderSyncSettings) { [pair[..eq]] = pair[(eq + 1)..] };
        return this with { FolderSyncSettings = settings };
    }
}
