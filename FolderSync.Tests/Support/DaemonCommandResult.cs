namespace FolderSync.Tests.Support;

/// <summary>What a short-lived daemon command (<c>status</c>, a run that fails validation) left behind.</summary>
internal sealed record DaemonCommandResult(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed);
