namespace FolderSync.Common.Transport;

/// <summary>
/// Buffering of one connection. Each direction holds at most about <see cref="PauseWriterThreshold"/> bytes:
/// beyond it the producer's FlushAsync waits (backpressure) until the consumer drains below
/// <see cref="ResumeWriterThreshold"/>.
/// </summary>
public sealed record TransportOptions
{
    public static TransportOptions Default { get; } = new();

    public long PauseWriterThreshold { get; init; } = 1024 * 1024;

    public long ResumeWriterThreshold { get; init; } = 512 * 1024;

    /// <summary>Smallest buffer handed to the stream per read.</summary>
    public int MinimumReadSize { get; init; } = 16 * 1024;

    /// <summary>How long closing waits for queued output to drain before aborting.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
