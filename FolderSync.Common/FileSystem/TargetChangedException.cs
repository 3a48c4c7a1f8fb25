namespace FolderSync.Common.FileSystem;

/// <summary>
/// The entry on disk is no longer what the caller last scanned (someone just edited, created or
/// removed it): the operation was not done and the fresh content is untouched. The caller rescans.
/// </summary>
public sealed class TargetChangedException : FileOperationException
{
    public TargetChangedException(string path, ExpectedTarget expected, FileStatus? actual)
        : base($"{path}: changed on disk since it was scanned (expected {expected}, found {Format(actual)})", path)
    {
        Expected = expected;
        Actual = actual;
    }

    public TargetChangedException()
    {
    }

    public TargetChangedException(string message)
        : base(message)
    {
    }

    public TargetChangedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ExpectedTarget? Expected { get; }

    public FileStatus? Actual { get; }

    private static string Format(FileStatus? actual) => actual?.ToString() ?? "absent";
}
