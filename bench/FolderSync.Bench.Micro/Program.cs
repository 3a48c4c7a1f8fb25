using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: the repository's Directory.Build.props (warnings as errors, analyzers) would otherwise apply
// to the project BenchmarkDotNet generates. Pass BenchmarkDotNet's own arguments, e.g. --filter *Hash*.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator)
    .WithArtifactsPath(Path.Join(Path.GetTempPath(), "foldersync-bench-micro")); // keep reports out of the work tree
BenchmarkSwitcher.FromAssembly(typeof(FolderSync.Bench.Micro.FramingBenchmarks).Assembly).Run(args, config);
