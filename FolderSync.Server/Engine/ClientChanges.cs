using FolderSync.Common.FaultInjection;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using FolderSync.Server.History;
using Microsoft.Extensions.Logging;

namespace FolderSync.Server.Engine;

/// <summary>
/// A client's proposed change, decided and answered on the folder loop. A change this disk could not take (full, a
/// permission, bytes that changed while they were sent) leaves the old file, is answered <see cref="AckOutcome.Failed"/>
/// so the client tries again later, and is listed by <c>status</c> until a later change of its path succeeds. A full
/// disk first asks history to make room, so that retry finds space history held.
/// </summary>
internal sealed class ClientChanges(
    PublishedFolderOptions options, UploadDecisions uploads, StructureDecisions structure, Subscribers subscribers, FileProblems problems, HistoryRecorder history, ILogger logger, ModeDecisions modes, ClientDeletes deletes)
{
    /// <summary>FILE_UPDATE, its body already in a temp file beside the target (removed unless committed).</summary>
    /// <param name="ops">The ops of an upload that came as FILE_DELTA, against the version it was rebuilt from.</param>
    public void Upload(IFolderClient client, FileUpdateMessage upload, AtomicFileWriter temp, IReadOnlyList<DeltaOp>? ops = null)
    {
        using (temp)
        {
            deletes.Drop(upload.ParsePath());
            ClientAnswer answer;
            try
            {
                answer = uploads.Decide(client, upload, temp, ops);
            }
            catch (IOException ex)
            {
                answer = Failed(client, upload.RequestId, upload.ParsePath(), ex);
            }

            KillSwitch.Reach(KillPoints.BeforeAck);
            Reply(client, answer);
        }
    }

    public void CreateDirectory(IFolderClient client, DirCreateMessage create)
    {
        deletes.Drop(create.ParsePath());
        Answer(client, () => structure.DecideDirCreate(client, create), create.RequestId, () => create.ParsePath());
    }

    /// <summary>FILE_DELETE: a delete the mass-delete guard holds is answered when its burst settles.</summary>
    public void Delete(IFolderClient client, FileDeleteMessage delete) =>
        Answer(client, () => deletes.Propose(client, delete), delete.RequestId, () => delete.ParsePath());

    /// <summary>The clients' deleting stopped: held deletes within the limit are applied; over it they wait for <see cref="ConfirmDeletes"/>.</summary>
    public void SettleDeletes() => deletes.Settle(Apply);

    /// <summary><c>confirm-deletes</c>: the clients' held deletes are applied; returns how many.</summary>
    public int ConfirmDeletes() => deletes.Confirm(Apply);

    public void Move(IFolderClient client, FileMoveMessage move) =>
        Answer(client, () => structure.DecideMove(client, move), move.RequestId, () => move.ParseTo());

    /// <summary>FILE_MODE: a chmod alone, no body.</summary>
    public void SetMode(IFolderClient client, FileModeMessage chmod) =>
        Answer(client, () => modes.Decide(client, chmod), chmod.RequestId, () => chmod.ParsePath());

    /// <summary>The body of an upload could not even be stored in a temp file.</summary>
    public void ReportUploadFailure(IFolderClient client, FileUpdateMessage upload, IOException failure) =>
        client.Send(Answer(client, upload.RequestId, upload.ParsePath(), failure).Ack);

    /// <summary>Decides on the folder loop; a disk that refuses is answered Failed for that path, never a crash.</summary>
    private void Answer(IFolderClient client, Func<ClientAnswer?> decide, long requestId, Func<RelativePath> path)
    {
        ClientAnswer? answer;
        try
        {
            answer = decide();
        }
        catch (IOException ex)
        {
            answer = Failed(client, requestId, path(), ex);
        }

        if (answer is { } decided)
        {
            Reply(client, decided);
        }
    }

    /// <summary>A held client delete decided now; one already answered as held gets no second ACK, only what to put back.</summary>
    private void Apply(HeldClientDelete held)
    {
        if (!held.Answered)
        {
            Answer(held.Client, () => deletes.Decide(held), held.Delete.RequestId, () => held.Path);
            return;
        }

        try
        {
            if (deletes.Decide(held).SendBack is { } message)
            {
                subscribers.SendTo(held.Client, message);
            }
        }
        catch (IOException ex)
        {
            Failed(held.Client, held.Delete.RequestId, held.Path, ex);
        }
    }

    private void Reply(IFolderClient client, ClientAnswer answer)
    {
        client.Send(answer.Ack);
        if (answer.SendBack is { } message)
        {
            subscribers.SendTo(client, message);
        }
    }

    /// <summary>A file operation that failed becomes the change's answer, naming the path it failed on.</summary>
    private ClientAnswer Failed(IFolderClient client, long requestId, RelativePath path, IOException failure) =>
        Answer(client, requestId, (failure as FileOperationException)?.EntryPath is { } failed && RelativePath.TryParse(failed, out var where) ? where : path, failure);

    private ClientAnswer Answer(IFolderClient client, long requestId, RelativePath path, IOException failure)
    {
        if (failure is HashMismatchException)
        {
            // The usual cause: the file changed on the client while it was read. Its next upload carries the new content.
            logger.LogInformation("{Folder}: {Client}'s upload of {Path} did not match its hash (changed while it was sent?); nothing written", options.Name, client.ClientId, path);
        }
        else
        {
            if (failure is DiskFullException && history.Enabled)
            {
                _ = Task.Run(() => history.Prune(diskFull: true));
            }

            var problem = problems.Note(path, failure.Message, download: false, DateTimeOffset.UtcNow);
            logger.LogError("{Folder}: could not apply {Client}'s change of {Path}, kept the previous version ({Attempts} failed so far): {Error}",
                options.Name, client.ClientId, path, problem.Attempts, failure.Message);
        }

        return ClientAnswer.Of(requestId, AckOutcome.Failed, 0, path, message: failure.Message);
    }
}
