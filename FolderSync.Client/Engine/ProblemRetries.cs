using System.Text.Json.Nodes;
using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;
using Microsoft.Extensions.Logging;

namespace FolderSync.Client.Engine;

/// <summary>
/// A transfer that failed for one path (a full disk, a permission, a file that vanished or changed while it was
/// sent): the previous version stays, <c>status</c> lists the path with the cause, and <paramref name="retry"/> looks
/// at it again after a bounded backoff (<see cref="FileProblems"/>) while everything else goes on. Success clears it.
/// Noted and cleared on the folder loop; the retry timers post back to it.
/// </summary>
internal sealed class ProblemRetries(WorkQueue queue, FolderActivity activity, ILogger logger, Action<RelativePath> retry, CancellationToken stopping)
{
    private readonly FileProblems _problems = new();
    private readonly HashSet<RelativePath> _scheduled = [];

    /// <summary>A version of the server's is not here yet: the resume sequence must not pass it.</summary>
    public bool AnyDownload => _problems.AnyDownload;

    public List<RelativePath> Paths(bool download) => _problems.Paths(download);

    /// <summary>Whether a local change of <paramref name="path"/> did not reach the server (say a delete its mass-delete guard holds).</summary>
    public bool NotSent(RelativePath path) => _problems.Contains(path) && _problems.Paths(download: false).Contains(path);

    public JsonObject ToJson(int listed) => _problems.ToJson(listed);

    /// <param name="download">The server's version could not be written here (else: ours could not be sent or applied there).</param>
    /// <param name="transient">Expected to pass at once (content changed in flight): logged quietly, not a lastError.</param>
    public void Note(RelativePath path, string reason, bool download, bool transient = false)
    {
        var now = DateTimeOffset.UtcNow;
        var problem = _problems.Note(path, reason, download, now);
        var delay = problem.RetryAt - now;
        if (transient)
        {
            logger.LogInformation("{Path}: {Error}; retry in {Delay:0.#} s", path, reason, delay.TotalSeconds);
        }
        else
        {
            // File operation messages begin with the path already.
            activity.Error(reason.StartsWith($"{path}:", StringComparison.Ordinal) ? reason : $"{path}: {reason}");
            logger.LogError("{Path} not synced ({Direction}), the previous version is kept: {Error}; retry {Attempt} in {Delay:0.#} s",
                path, download ? "the server's version could not be written here" : "the local version did not reach the server", reason, problem.Attempts, delay.TotalSeconds);
        }

        if (_scheduled.Add(path))
        {
            _ = Task.Delay(delay, stopping).ContinueWith(
                _ => queue.Post(() => Due(path)),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
        }
    }

    public void Clear(RelativePath path)
    {
        if (_problems.Clear(path))
        {
            logger.LogInformation("{Path} is in sync again", path);
        }
    }

    private void Due(RelativePath path)
    {
        _scheduled.Remove(path);
        if (_problems.Contains(path))
        {
            retry(path);
        }
    }
}
