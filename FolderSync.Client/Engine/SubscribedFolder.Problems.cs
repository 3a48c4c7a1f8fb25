using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// A transfer that failed for one path (a full disk, a permission, a file that vanished or changed while it was
/// sent): the previous version stays, <c>status</c> lists the path with the cause, and it is tried again after a
/// bounded backoff (<see cref="FileProblems"/>) while everything else goes on. Success clears it.
/// </summary>
public sealed partial class SubscribedFolder
{
    private readonly FileProblems _problems = new();
    private readonly HashSet<RelativePath> _retriesScheduled = [];

    /// <param name="download">The server's version could not be written here (else: ours could not be sent or applied there).</param>
    /// <param name="transient">Expected to pass at once (content changed in flight): logged quietly, not a lastError.</param>
    private void NoteProblem(RelativePath path, string reason, bool download, bool transient = false)
    {
        var now = DateTimeOffset.UtcNow;
        var problem = _problems.Note(path, reason, download, now);
        var delay = problem.RetryAt - now;
        if (transient)
        {
            _logger.LogInformation("{Path}: {Error}; retry in {Delay:0.#} s", path, reason, delay.TotalSeconds);
        }
        else
        {
            // File operation messages begin with the path already.
            LastError = reason.StartsWith($"{path}:", StringComparison.Ordinal) ? $"{now:O} {reason}" : $"{now:O} {path}: {reason}";
            _logger.LogError("{Path} not synced ({Direction}), the previous version is kept: {Error}; retry {Attempt} in {Delay:0.#} s",
                path, download ? "the server's version could not be written here" : "the local version did not reach the server", reason, problem.Attempts, delay.TotalSeconds);
        }

        if (_retriesScheduled.Add(path))
        {
            _ = Task.Delay(delay, _stopping.Token).ContinueWith(
                _ => _queue.Post(() => Retry(path)),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
        }
    }

    private void ClearProblem(RelativePath path)
    {
        if (_problems.Clear(path))
        {
            _logger.LogInformation("{Path} is in sync again", path);
        }
    }

    /// <summary>Looks at the path afresh and does what it needs now. Offline, the next connection's index does it.</summary>
    private void Retry(RelativePath path)
    {
        _retriesScheduled.Remove(path);
        if (!_problems.Contains(path) || _link is null || !_indexComplete)
        {
            return;
        }

        OnLocalChanges(_tree!.ScanPaths([path]));
        Reconcile(path);
    }

    /// <summary>
    /// The server could not apply our change. If the file changed since it was read (the usual cause of a hash the
    /// server refused), the new version goes at once; otherwise the same change is tried again later.
    /// </summary>
    private void OnUploadFailed(RelativePath path, PendingUpload pending, string? reason)
    {
        OnLocalChanges(_tree!.ScanPaths([path]));
        var record = Store.Get(path);
        bool changed = record is null || record.Deleted != pending.IsDelete || (!record.Deleted && record.Sha256 != pending.Sha256);
        if (changed)
        {
            _logger.LogInformation("{Path} changed while it was sent ({Reason}); sending the current version", path, reason);
            Reconcile(path);
            return;
        }

        NoteProblem(path, reason ?? "the server could not apply it", download: false);
    }

    /// <summary>
    /// The upload's body could not be opened when its turn came: no FILE_UPDATE left (PeerLink sends an ERROR
    /// instead), so no ACK comes. A vanished file becomes what the scan says (a delete, or nothing for a new file);
    /// an unreadable one is tried again later.
    /// </summary>
    private void OnUploadUnreadable(long requestId, RelativePath path, bool vanished, string reason)
    {
        if (!_uploads.Remove(requestId, out _))
        {
            return;
        }

        OnLocalChanges(_tree!.ScanPaths([path]));
        if (vanished)
        {
            _logger.LogInformation("{Path} vanished before it could be sent", path);
            Reconcile(path);
            return;
        }

        NoteProblem(path, $"could not read it to send it: {reason}", download: false);
    }
}
