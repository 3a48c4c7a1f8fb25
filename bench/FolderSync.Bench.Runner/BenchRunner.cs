using System.Diagnostics;
using FolderSync.Bench.Runner.Infra;
using FolderSync.Bench.Runner.Report;
using FolderSync.Bench.Runner.Scenarios;
using FolderSync.Bench.Runner.Tools;

namespace FolderSync.Bench.Runner;

/// <summary>Runs every scenario for every available tool, interleaved run by run, then writes the report.</summary>
internal sealed class BenchRunner(BenchOptions options, string[] args)
{
    private readonly Results _results = new();

    public async Task<int> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(options.Work);
        var tools = await AvailableToolsAsync();
        if (tools.Count == 0)
        {
            Console.Error.WriteLine("No tool can run here.");
            return 1;
        }

        var context = new BenchContext(options, _results);
        Console.WriteLine($"Corpora in {context.CorpusCache} (generated once, seeded)…");
        var corpora = new[] { ("small", options.Small), ("large", options.Large), ("mixed", options.Mixed), ("restart", options.Tree), ("fanout", options.FanOutTree) };
        foreach (var (_, spec) in corpora.Where(c => options.Includes(c.Item1)))
        {
            Corpus.CorpusGenerator.Ensure(spec, context.CorpusCache);
        }

        for (int run = 1; run <= Math.Max(options.Runs, options.HeavyRuns); run++)
        {
            // Rotate the order each run so no tool always goes first on a cold cache.
            var order = tools.Skip((run - 1) % tools.Count).Concat(tools.Take((run - 1) % tools.Count)).ToList();
            foreach (var tool in order)
            {
                bool light = run <= options.Runs;
                bool heavy = run <= options.HeavyRuns;
                Console.WriteLine($"Run {run}: {tool.Name}");
                if ((light || heavy) && options.Includes("small"))
                {
                    await Guard(tool, "small tree", () => SmallScenario.RunAsync(context, tool, run, heavy));
                }

                if (light && options.Includes("large"))
                {
                    await Guard(tool, "large files", () => LargeScenario.RunAsync(context, tool, run));
                }

                if (heavy)
                {
                    if (options.Includes("mixed"))
                    {
                        await Guard(tool, "mixed tree", () => MixedScenario.RunAsync(context, tool, run));
                    }

                    if (tool.Restartable && options.Thorough && options.Includes("restart"))
                    {
                        await Guard(tool, "restart", () => RestartScenario.RunAsync(context, tool, run));
                    }

                    if (tool.FanOut && options.Thorough && options.Includes("fanout"))
                    {
                        await Guard(tool, "fan-out", () => FanOutScenario.RunAsync(context, tool, run));
                    }
                }
            }
        }

        await ScaleScenarios.RunAsync(context, tools, Guard);
        var names = tools.Select(t => t.Name).ToList();
        if (options.Includes("floors"))
        {
            await Guard(FloorsScenario.Column, "floors", () => FloorsScenario.RunAsync(context));
            names.Add(FloorsScenario.Column);
        }

        string table = ResultTable.Render(_results, names);
        Console.WriteLine();
        Console.WriteLine(table);
        string output = options.Output ?? (options.Quick ? Path.Join(options.Work, "benchmarks-quick.md") : Path.Join(RepoRoot() ?? ".", "docs", "benchmarks.md"));
        await MarkdownReport.WriteAsync(output, options, args, _results, tools, table, clock.Elapsed);
        Console.WriteLine($"Report: {output} ({clock.Elapsed.TotalMinutes:F1} min)");
        return names.Any(n => _results.ChecksOf(n).Any(c => c.StartsWith("FAIL", StringComparison.Ordinal))) ? 3 : 0;
    }

    internal static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "FolderSync.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private Task Guard(SyncTool tool, string scenario, Func<Task> body) => Guard(tool.Name, scenario, body);

    private async Task Guard(string tool, string scenario, Func<Task> body)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await body();
            Console.WriteLine($"  [{tool}] {scenario}: {clock.Elapsed.TotalSeconds:F1} s");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _results.Check(tool, $"FAIL {scenario}: {e.GetType().Name}: {e.Message}");
        }
    }

    private async Task<List<SyncTool>> AvailableToolsAsync()
    {
        bool Wanted(string name) => options.Tools is null || options.Tools.Contains(name, StringComparer.OrdinalIgnoreCase);
        bool nativeWanted = Wanted("FolderSync") || Wanted("FolderSync-noTLS") || Wanted("FolderSync-noHistory");
        string bin = options.FolderSyncBin ?? (nativeWanted ? await PublishAsync("bin", PublishMode()) : "");
        string jitBin = options.FolderSyncJitBin ?? (Wanted("FolderSync-JIT") ? await PublishAsync("bin-jit", []) : "");
        var settings = options.FolderSyncSettings;
        var all = new List<SyncTool>
        {
            FolderSyncTool.Native(bin, options.Work, settings),
            FolderSyncTool.Jit(jitBin, options.Work, settings),
            FolderSyncTool.NoTls(bin, options.Work, settings),
            FolderSyncTool.NoHistory(bin, options.Work, settings),
            new RsyncTool(),
            new RsyncTool(fsync: true),
            new LsyncdTool(),
            new UnisonTool(),
            new SyncthingTool(),
            new TarTool(),
        };
        var chosen = new List<SyncTool>();
        foreach (var tool in all.Where(t => Wanted(t.Name)))
        {
            string? reason = await tool.UnavailableReasonAsync();
            if (reason is null)
            {
                chosen.Add(tool);
                Console.WriteLine($"  {tool.Name}: ready");
            }
            else
            {
                Console.WriteLine($"  {tool.Name}: skipped: {reason}. To include it: {tool.InstallHint}");
                _results.Notes.Add($"{tool.Name} skipped: {reason}. To include it: `{tool.InstallHint}`.");
            }
        }

        return chosen;
    }

    /// <summary>
    /// Native AOT, as deploy/install.sh publishes them (docs/benchmarks.md: start-up and memory); ReadyToRun on the
    /// shared runtime where no C toolchain can link a native executable.
    /// </summary>
    private static string[] PublishMode() =>
        Which.Find("clang") is not null || Which.Find("gcc") is not null
            ? ["--use-current-runtime", "-p:PublishAot=true"]
            : ["--use-current-runtime", "-p:PublishReadyToRun=true"];

    /// <summary>A fresh Release publish of both daemons from this repository into WORK/<paramref name="dir"/>: native AOT by default, framework-dependent (JIT) with no <paramref name="mode"/>.</summary>
    private async Task<string> PublishAsync(string dir, string[] mode)
    {
        string bin = Path.Join(options.Work, dir);
        string? root = RepoRoot();
        if (root is null)
        {
            return bin;
        }

        string how = mode.Length == 0 ? "framework-dependent (JIT)" : string.Join(' ', mode);
        _results.Notes.Add($"FolderSync into {dir}: published with `dotnet publish -c Release {how}`.");
        foreach (string project in new[] { "FolderSync.Server", "FolderSync.Client" })
        {
            Console.WriteLine($"Publishing {project} (Release, {how}) to {bin}…");
            var (code, output) = await ChildProcess.CaptureAsync(
                "dotnet", ["publish", Path.Join(root, project, project + ".csproj"), "-c", "Release", .. mode, "-o", bin, "--nologo", "-v", "q"], TimeSpan.FromMinutes(10));
            if (code != 0)
            {
                Console.WriteLine(output);
            }
        }

        return bin;
    }
}
