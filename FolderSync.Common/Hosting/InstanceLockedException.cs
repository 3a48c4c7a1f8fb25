namespace FolderSync.Common.Hosting;

/// <summary>The state directory belongs to a daemon that runs: this one refuses to start (exit code 1).</summary>
public sealed class InstanceLockedException(string message) : Exception(message)
{
    public const int ExitCode = 1;
}
