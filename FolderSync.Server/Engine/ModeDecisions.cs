using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// The decision on a client's chmod (FILE_MODE): a metadata-only change, applied to the server's file through its
/// descriptor and pushed to the other clients without a body. A ReadOnly client's chmod is refused and the server's
/// mode sent back; when both sides changed the mode since the client's base, the server's stays.
/// </summary>
internal sealed class ModeDecisions(PublishedFolderOptions options, StateStore store, FolderChangeApplier applier, Subscribers subscribers, ILogger logger)
{
    public ClientAnswer Decide(IFolderClient client, FileModeMessage chmod)
    {
        var path = chmod.ParsePath();
        var current = store.Get(path);
        if (current is not { Deleted: false, Kind: EntryKind.File })
        {
            return ClientAnswer.Of(chmod.RequestId, AckOutcome.Rejected, 0, path, message: "no such file on the server");
        }

        var serverMode = FolderMessages.ToModeMessage(current);
        if (options.Access == AccessMode.ReadOnly)
        {
            logger.LogWarning("{Folder}: refused {Client} chmod {Mode} of {Path}: the folder is ReadOnly", options.Name, client.ClientId, FileModes.Format(chmod.Mode), path);
            return ClientAnswer.Of(chmod.RequestId, AckOutcome.Rejected, 0, path, message: "ReadOnly clients cannot change modes", sendBack: serverMode);
        }

        int mode = FileModes.Of((uint)chmod.Mode);
        var decided = FileModes.Decide(chmod.BaseMode, mode, current.Mode);
        if (decided == current.Mode)
        {
            // The server's mode stands (unchanged, or changed here too: the server wins); the client takes it.
            return ClientAnswer.Of(chmod.RequestId, AckOutcome.NoChange, current.Sequence, path, sendBack: mode == current.Mode ? null : serverMode);
        }

        var record = applier.SetMode(current, mode, client.ClientId);
        subscribers.Broadcast(FolderMessages.ToModeMessage(record), except: client);
        logger.LogInformation("{Folder}: {Client} chmod {Mode} {Path} (seq {Sequence})", options.Name, client.ClientId, FileModes.Format(record.Mode), path, record.Sequence);
        return ClientAnswer.Of(chmod.RequestId, AckOutcome.Accepted, record.Sequence, path);
    }
}
