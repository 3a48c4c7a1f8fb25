namespace FolderSync.Common.Watching;

/// <summary>Why a path is pending in the aggregator, from its latest event.</summary>
internal enum WatchPathState
{
    /// <summary>Complete (close-write, moved in, new directory): emitted at the next flush.</summary>
    Ready,

    /// <summary>Still open for writing: held until close-write or the debounce window passes.</summary>
    Writing,

    /// <summary>Deleted or moved away: held for the debounce window in case an editor puts it back.</summary>
    Removed,
}
