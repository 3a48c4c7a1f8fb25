namespace FolderSync.Common.Hosting;

/// <summary>A command line that names no command or option we know; printed as one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message)
{
    public const int ExitCode = 2;
}
