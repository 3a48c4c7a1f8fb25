using FolderSync.Client.Security;
using FolderSync.Common.Configuration;
using FolderSync.Common.Folders;

namespace FolderSync.Client.Engine;

/// <summary>Everything a client engine needs: where the server is, which folder, where to keep it, how to prove who it is.</summary>
public sealed record SubscribedFolderOptions(
    string Host,
    int Port,
    string Folder,
    string LocalPath,
    string StateDir,
    string ClientId,
    SyncOptions Sync,
    HealthOptions Health)
{
    /// <summary>TLS with trust-on-first-use pinning and no token unless set.</summary>
    public ClientSecurityOptions Security { get; init; } = ClientSecurityOptions.Default;

    /// <summary>The clock of the trash's retention (a fake one in tests).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The daemon's recent changes (<c>activity</c>).</summary>
    public ActivityLog Activity { get; init; } = new();
}
