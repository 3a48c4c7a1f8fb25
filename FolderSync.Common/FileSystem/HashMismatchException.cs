namespace FolderSync.Common.FileSystem;

/// <summary>The received bytes do not hash to what the sender announced: nothing was written.</summary>
public sealed class HashMismatchException : FileOperationException
{
    public HashMismatchException(string path, string expectedSha256, string actualSha256)
        : base($"{path}: content hash mismatch (expected {expectedSha256}, got {actualSha256}); nothing written", path)
    {
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    public HashMismatchException()
    {
    }

    public HashMismatchException(string message)
        : base(message)
    {
    }

    public HashMismatchException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public string? ExpectedSha256 { get; }

    public string? ActualSha256 { get; }
}
