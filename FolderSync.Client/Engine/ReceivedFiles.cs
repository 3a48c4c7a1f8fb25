using System.Collections.Concurrent;
using FolderSync.Common.FileSystem;
using FolderSync.Common.Folders;
using FolderSync.Common.Peers;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;
using FolderSync.Common.Transfer;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// The server's file bodies: read into temp files on the connection loop, applied on the folder loop. The next body
/// is read while the loop commits the ones before it, so the network and the disk (an fsync per file) overlap; at most
/// <see cref="ReceiveAhead"/> filled temp files wait for the loop (bounded handles). A burst of downloads commits its
/// rows in one transaction, after one syncfs has made its files durable (<see cref="ChangeApplier.CommitAppliedRows"/>).
/// </summary>
internal sealed class ReceivedFiles : IDisposable
{
    private const int ReceiveAhead = 16;

    private readonly FolderRoot _root;
    private readonly ClientSession _session;
    private readonly PathReconciler _reconciler;
    private readonly ChangeApplier _applier;
    private readonly ResumePoint _resume;
    private readonly TransferProgress _progress;
    private readonly FolderActivity _activity;
    private readonly WorkQueue _queue;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _receiveAhead = new(ReceiveAhead);
    private readonly ConcurrentDictionary<AtomicFileWriter, byte> _receivedTemps = new();

    /// <summary>Received bodies posted to the loop and not started yet; may lag behind the queue, never lead it.</summary>
    private int _bodiesQueued;

    public ReceivedFiles(
        FolderRoot root, ClientSession session, PathReconciler reconciler, ChangeApplier applier, ResumePoint resume,
        TransferProgress progress, FolderActivity activity, WorkQueue queue, ILogger logger)
    {
        _root = root;
        _session = session;
        _reconciler = reconciler;
        _applier = applier;
        _resume = resume;
        _progress = progress;
        _activity = activity;
        _queue = queue;
        _logger = logger;
    }

    /// <summary>
    /// The burst of downloads goes on: no work that ends it is queued (any such item commits the rows first:
    /// <see cref="WorkQueue.BeforeOtherWork"/>; the watcher's echoes of our own writes do not), and another received
    /// body is queued or asked-for downloads are still to come.
    /// </summary>
    private bool BurstContinues =>
        _queue.OtherWorkQueued == 0 && (Volatile.Read(ref _bodiesQueued) > 0 || _session.Downloads.Count > 0);

    /// <summary>On the connection loop: reads the body of <paramref name="update"/>, then posts it to the folder loop.</summary>
    public async Task ReceiveAsync(PeerLink link, FileUpdateMessage update, CancellationToken cancellationToken)
    {
        await _receiveAhead.WaitAsync(cancellationToken);
        AtomicFileWriter? temp;
        IOException? failure;
        try
        {
            (temp, failure) = await BodyReceiver.ReceiveAsync(link.Reader, _root, update, _logger, cancellationToken);
        }
        catch
        {
            _receiveAhead.Release();
            throw;
        }

        if (temp is not null)
        {
            _receivedTemps.TryAdd(temp, 0);
        }

        var applied = _queue.PostInBurst(() =>
        {
            Interlocked.Decrement(ref _bodiesQueued);
            try
            {
                if (temp is not null && !_receivedTemps.TryRemove(temp, out _))
                {
                    return; // Disposed by a stop.
                }

                if (_session.Link == link)
                {
                    OnRemoteFile(update, temp, failure);
                }
                else
                {
                    temp?.Dispose();
                }
            }
            finally
            {
                try
                {
                    _applier.CommitAppliedRowsUnless(BurstContinues);
                }
                finally
                {
                    _receiveAhead.Release();
                }
            }
        });
        Interlocked.Increment(ref _bodiesQueued); // After the post: the count may lag the queue, never lead it.
        _ = applied.ContinueWith(
            t =>
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LogError(t.Exception, "Applying {Path} failed; resynchronising", update.Path);
                    link.Close(t.Exception);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    /// <summary>
    /// On the folder loop: a FILE_DELTA push rebuilt on the connection loop is applied like a FILE_UPDATE; one that did
    /// not fit what is here (<paramref name="temp"/> null) is reconciled against the new version, which downloads it whole if needed.
    /// </summary>
    public void OnRemoteDelta(PeerLink link, FileDeltaMessage delta, AtomicFileWriter? temp)
    {
        if (_session.Link != link)
        {
            temp?.Dispose();
            return;
        }

        if (temp is not null)
        {
            OnRemoteFile(new FileUpdateMessage(delta.RequestId, delta.Path, delta.Size, delta.MtimeNs, delta.Sha256, null, delta.Sequence, delta.Origin) { Mode = delta.Mode }, temp);
            return;
        }

        var path = delta.ParsePath();
        _session.RemoteHints[path] = EntryState.File(delta.Sha256, delta.Size, delta.MtimeNs);
        _reconciler.Reconcile(path);
        _resume.Note(delta.Sequence);
    }

    /// <summary>Bodies received but never applied (the loop has stopped): their temp files go, the next connection sends them again.</summary>
    public void Dispose()
    {
        foreach (var temp in _receivedTemps.Keys)
        {
            if (_receivedTemps.TryRemove(temp, out _))
            {
                temp.Dispose();
            }
        }

        _receiveAhead.Dispose();
    }

    /// <param name="failure">Why <paramref name="temp"/> is null when the disk refused the body (full, a permission).</param>
    private void OnRemoteFile(FileUpdateMessage update, AtomicFileWriter? temp, IOException? failure = null)
    {
        var path = update.ParsePath();
        _applier.CommitAppliedRowsHolding(path);
        _session.Answered(path);
        var remote = EntryState.File(update.Sha256, update.Size, update.MtimeNs);
        _session.RemoteHints[path] = remote;
        var decision = _reconciler.Decide(path, out var record, out _);
        if (decision.Action is SyncAction.Download or SyncAction.Restore or SyncAction.Revert)
        {
            if (failure is not null)
            {
                _reconciler.Problems.Note(path, failure.Message, download: true);
            }
            else if (temp is null)
            {
                _logger.LogWarning("Cannot apply {Path} from the server: it could not be written here", path);
            }
            else
            {
                ApplyFile(path, update, temp, record, decision.Action);
            }
        }
        else
        {
            temp?.Dispose();
            _reconciler.Act(path, decision, record, remote);
        }

        _resume.Note(update.Sequence);
    }

    private void ApplyFile(RelativePath path, FileUpdateMessage update, AtomicFileWriter temp, FileRecord? record, SyncAction action)
    {
        using (temp)
        {
            try
            {
                _applier.ApplyFile(path, update, temp, record);
                _applier.CommitAppliedRowsUnless(BurstContinues);
                _session.RemoteHints.Remove(path);
                _reconciler.Problems.Clear(path);
                _activity.Touch();

                // Inside a counted burst (a first sync) the progress line reports; a line per file would cost more than its row.
                var level = _progress.Active ? LogLevel.Debug : LogLevel.Information;
                if (_progress.Advance(update.Size) is { } line)
                {
                    _logger.LogInformation("{Progress}", line);
                }

                _logger.Log(level, "{Action} {Path} from the server ({Bytes} bytes, seq {Sequence}){Note}", action == SyncAction.Download ? "download" : action.ToString().ToLowerInvariant(),
                    path, update.Size, update.Sequence, action == SyncAction.Revert ? "; the local version is kept in trash" : string.Empty);
            }
            catch (TargetChangedException)
            {
                // A fresh local edit arrived first: it goes to the server with its base, which decides.
                _logger.LogInformation("{Path} changed locally while the server's version arrived; uploading the local edit for a decision", path);
                _reconciler.Rescan(path);
            }
            catch (HashMismatchException ex)
            {
                // The server's file changed while it was read; its watcher sends the new version, the retry asks anyway.
                _reconciler.Problems.Note(path, ex.Message, download: true, transient: true);
            }
            catch (IOException ex)
            {
                _reconciler.Problems.Note(path, ex.Message, download: true);
            }
        }
    }
}
