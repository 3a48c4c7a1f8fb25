using FolderSync.Common.Configuration;
using FolderSync.Common.Sync;

namespace FolderSync.Common.Engine;

/// <summary>Everything one published folder needs to run.</summary>
public sealed record ServerFolderOptions(string Name, string Path, AccessMode Access, string StateDir, SyncOptions Sync);
