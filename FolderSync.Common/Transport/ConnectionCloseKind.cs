namespace FolderSync.Common.Transport;

/// <summary>How a transport ended, when it did not end cleanly.</summary>
public enum ConnectionCloseKind
{
    /// <summary>The peer reset or broke the connection.</summary>
    Reset,

    /// <summary>We aborted it (shutdown, a protocol error, a faulted writer): expected, not worth a warning.</summary>
    Aborted,

    /// <summary>Anything else the stream threw.</summary>
    Failed,
}
