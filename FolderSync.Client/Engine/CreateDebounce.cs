using FolderSync.Common.Folders;
using FolderSync.Common.Protocol;

namespace FolderSync.Client.Engine;

/// <summary>
/// A new file is sent after the debounce window, not at once: editors and tools (sed -i, rsync) write a temp file
/// and rename it away within milliseconds, and such a file must never reach the server. Asked on the folder loop;
/// when a path's window has passed, its timer posts <paramref name="ripe"/> to that loop, during which the path is ripe.
/// </summary>
internal sealed class CreateDebounce(WorkQueue queue, int debounceMilliseconds, Action<RelativePath> ripe, CancellationToken stopping)
{
    private readonly HashSet<RelativePath> _waiting = [];
    private readonly HashSet<RelativePath> _ripe = [];

    /// <summary>New files waiting for their window to pass (<c>status</c> counts them as pending uploads).</summary>
    public int Waiting => _waiting.Count;

    /// <returns>True when the window of <paramref name="path"/> has passed; otherwise starts it (once).</returns>
    public bool IsRipe(RelativePath path)
    {
        if (_ripe.Remove(path))
        {
            return true;
        }

        if (_waiting.Add(path))
        {
            _ = Task.Delay(Math.Max(20, debounceMilliseconds), stopping).ContinueWith(
                _ => queue.Post(() =>
                {
                    _waiting.Remove(path);
                    _ripe.Add(path);
                    ripe(path);
                    _ripe.Remove(path);
                }),
                TaskScheduler.Default);
        }

        return false;
    }
}
