using FolderSync.Common.Hosting;
using FolderSync.Common.State;

namespace FolderSync.Client.Engine;

/// <summary>
/// The folder and local path a client's state belongs to. Its rows describe one folder's files in one directory:
/// taken for another folder they would look like local edits there and be uploaded into it, and with another
/// LocalPath like local deletes. So a client refuses, before it scans or connects, state made for something else.
/// State from before this record adopts what it is first started with.
/// </summary>
internal static class StateOwner
{
    /// <exception cref="ConfigurationException">The state belongs to another Folder or LocalPath.</exception>
    public static void Claim(StateStore store, SubscribedFolderOptions options)
    {
        string localPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.LocalPath));
        string? folder = store.GetMeta(MetaKeys.Folder);
        string? recordedPath = store.GetMeta(MetaKeys.LocalPath);
        if (folder is not null && folder != options.Folder)
        {
            throw new ConfigurationException(
                "Folder",
                $"state directory {options.StateDir} belongs to folder '{folder}', not '{options.Folder}'; to switch Folder give the " +
                $"client a new StateDir and an empty LocalPath, or set Folder back to '{folder}' (--Folder={folder})");
        }

        if (recordedPath is not null && recordedPath != localPath)
        {
            throw new ConfigurationException(
                "LocalPath",
                $"state directory {options.StateDir} belongs to local path {recordedPath}, not {localPath}; give the client a new " +
                $"StateDir (it then syncs {localPath} afresh), or set LocalPath back (--LocalPath={recordedPath})");
        }

        if (folder is null || recordedPath is null)
        {
            using var batch = store.BeginBatch();
            batch.SetMeta(MetaKeys.Folder, options.Folder);
            batch.SetMeta(MetaKeys.LocalPath, localPath);
            batch.Commit();
        }
    }
}
