using FolderSync.Common.Configuration;
using FolderSync.Common.Sync;

namespace FolderSync.Server.Engine;

/// <summary>Everything one published folder needs to run.</summary>
public sealed record PublishedFolderOptions(string Name, string Path, AccessMode Access, string StateDir, SyncOptions Sync);
