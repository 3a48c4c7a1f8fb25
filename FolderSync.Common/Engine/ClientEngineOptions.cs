using FolderSync.Common.Configuration;

namespace FolderSync.Common.Engine;

/// <summary>Everything a client engine needs: where the server is, which folder, where to keep it.</summary>
public sealed record ClientEngineOptions(
    string Host,
    int Port,
    string Folder,
    string LocalPath,
    string StateDir,
    string ClientId,
    SyncOptions Sync,
    HealthOptions Health);
