using FolderSync.Common.Compression;

namespace FolderSync.Common.Configuration;

/// <summary>The <c>Sync</c> section, shared by both daemons.</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>Events for one path within this window coalesce; removals wait this long before they count.</summary>
    public int DebounceMilliseconds { get; set; } = 100;

    /// <summary>The safety-net full rescan; also the polling period when <see cref="Watch"/> is off.</summary>
    public int RescanIntervalSeconds { get; set; } = 300;

    /// <summary>How often the directories left unwatched at the inotify watch limit are polled (their subtrees only).</summary>
    public int PollIntervalSeconds { get; set; } = 2;

    public long MaxFileSizeBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>inotify on; false means polling only (NFS and other file systems without inotify).</summary>
    public bool Watch { get; set; } = true;

    /// <summary>How long the trash keeps what sync replaced or deleted; 0 empties it at the next prune.</summary>
    public int TrashRetentionDays { get; set; } = 30;

    /// <summary>Auto (default): the server merges concurrent edits of different lines; Never: every concurrent edit is a conflict copy.</summary>
    public string Merge { get; set; } = "Auto";

    /// <summary>A burst of deletes over this share of a folder's files is held until confirmed (0 turns the guard off).</summary>
    public int MaxDeletePercent { get; set; } = 50;

    /// <summary>The delete guard applies only to folders holding at least this many files.</summary>
    public int MaxDeleteMinFiles { get; set; } = 100;

    /// <summary>Brotli for the file bodies this side sends: Auto (not on loopback), Always, Never (docs/protocol.md).</summary>
    public string Compression { get; set; } = nameof(CompressionMode.Auto);

    /// <summary><see cref="Merge"/> is not Never; validated at start-up (SharedOptionsValidation).</summary>
    internal bool MergeEnabled => !string.Equals(Merge, "Never", StringComparison.OrdinalIgnoreCase);

    /// <summary><see cref="Compression"/> parsed; validated at start-up (SharedOptionsValidation).</summary>
    internal CompressionMode BodyCompression => CompressionModes.TryParse(Compression, out var mode) ? mode : CompressionMode.Auto;
}
