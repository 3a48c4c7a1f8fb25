using FolderSync.Common.FileSystem;
using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;

namespace FolderSync.Common.Engine;

/// <summary>FILE_DELTA pushes: applied like a FILE_UPDATE once rebuilt, or replaced by a request for the whole file.</summary>
public sealed partial class ClientEngine
{
    private void OnRemoteDelta(FileDeltaMessage delta, AtomicFileWriter? temp)
    {
        if (temp is not null)
        {
            OnRemoteFile(new FileUpdateMessage(delta.RequestId, delta.Path, delta.Size, delta.MtimeNs, delta.Sha256, null, delta.Sequence, delta.Origin), temp);
            return;
        }

        // The delta did not fit what is here: reconcile against the new version, which downloads it whole if needed.
        var path = delta.ParsePath();
        _remoteHints[path] = EntryState.File(delta.Sha256, delta.Size, delta.MtimeNs);
        Reconcile(path);
        NoteSequence(delta.Sequence);
    }
}
