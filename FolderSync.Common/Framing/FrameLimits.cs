namespace FolderSync.Common.Framing;

/// <summary>
/// Hard caps checked before anything is allocated or awaited: a header longer than
/// <see cref="MaxHeaderBytes"/> or a body longer than <see cref="MaxBodyBytes"/> fails the frame.
/// </summary>
public sealed record FrameLimits
{
    public const int DefaultMaxHeaderBytes = 64 * 1024;
    public const long DefaultMaxBodyBytes = 100L * 1024 * 1024;

    /// <summary>Below this a HELLO or an ERROR would not fit.</summary>
    public const int MinHeaderBytes = 1024;

    private readonly int _maxHeaderBytes = DefaultMaxHeaderBytes;
    private readonly long _maxBodyBytes = DefaultMaxBodyBytes;

    public static FrameLimits Default { get; } = new();

    public int MaxHeaderBytes
    {
        get => _maxHeaderBytes;
        init => _maxHeaderBytes = value >= MinHeaderBytes
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"must be at least {MinHeaderBytes}");
    }

    public long MaxBodyBytes
    {
        get => _maxBodyBytes;
        init => _maxBodyBytes = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must not be negative");
    }
}
