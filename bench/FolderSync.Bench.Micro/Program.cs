using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// In-process (--inProcess, added when missing): the repository's Directory.Build.props (warnings as errors, analyzers)
// would otherwise apply to the project BenchmarkDotNet generates. Through the command line rather than a job in the
// config, so that --job short (or any other) replaces the default job instead of running next to it.
// Pass BenchmarkDotNet's own arguments, e.g. --filter *Hash* --job short.
string[] arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
var config = DefaultConfig.Instance
    .WithOptions(ConfigOptions.DisableOptimizationsValidator)
    .WithArtifactsPath(Path.Join(Path.GetTempPath(), "foldersync-bench-micro")); // keep reports out of the work tree
BenchmarkSwitcher.FromAssembly(typeof(FolderSync.Bench.Micro.FramingBenchmarks).Assembly).Run(arguments, config);
