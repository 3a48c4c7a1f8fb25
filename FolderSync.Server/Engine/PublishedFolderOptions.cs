using FolderSync.Common.Configuration;
using FolderSync.Common.Folders;
using FolderSync.Common.Sync;
using FolderSync.Server.History;

namespace FolderSync.Server.Engine;

/// <summary>Everything one published folder needs to run.</summary>
public sealed record PublishedFolderOptions(string Name, string Path, AccessMode Access, string StateDir, SyncOptions Sync)
{
    /// <summary><c>Folders:&lt;name&gt;:History</c>: retention of the folder's version history.</summary>
    public HistoryOptions History { get; init; } = new();

    /// <summary>The clock of history times and retention (a fake one in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The daemon's recent changes, shared by its folders (<c>activity</c>).</summary>
    public ActivityLog Activity { get; init; } = new();
}
