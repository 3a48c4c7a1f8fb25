using System.Text.Json.Nodes;
using FolderSync.Common.Protocol;

namespace FolderSync.Common.Folders;

/// <summary>
/// Per-path failures that are not the connection's (a full disk, a permission, a file that changed while it was
/// sent): each one is listed by <c>status</c> and retried after a bounded exponential backoff until it succeeds.
/// Changed by the folder's loop; locked so that <c>status</c> can read it without waiting for that loop.
/// </summary>
internal sealed class FileProblems
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(60);

    private readonly Dictionary<RelativePath, FileProblem> _problems = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _problems.Count;
            }
        }
    }

    public List<RelativePath> Paths(bool download)
    {
        lock (_lock)
        {
            return [.. _problems.Where(p => p.Value.Download == download).Select(p => p.Key)];
        }
    }

    /// <summary>A version of the server's is not here yet: the resume sequence must not pass it.</summary>
    public bool AnyDownload
    {
        get
        {
            lock (_lock)
            {
                return _problems.Values.Any(p => p.Download);
            }
        }
    }

    public bool Contains(RelativePath path)
    {
        lock (_lock)
        {
            return _problems.ContainsKey(path);
        }
    }

    /// <summary>Records one more failure of <paramref name="path"/>.</summary>
    /// <returns>The problem, with when to try again: 1 s after the first failure, doubling, at most 60 s apart.</returns>
    public FileProblem Note(RelativePath path, string reason, bool download, DateTimeOffset now)
    {
        lock (_lock)
        {
            var before = _problems.GetValueOrDefault(path);
            int attempts = (before?.Attempts ?? 0) + 1;
            var problem = new FileProblem(reason, download, attempts, before?.Since ?? now, now + Backoff(attempts));
            _problems[path] = problem;
            return problem;
        }
    }

    /// <returns>True when <paramref name="path"/> had a problem.</returns>
    public bool Clear(RelativePath path)
    {
        lock (_lock)
        {
            return _problems.Remove(path);
        }
    }

    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, FirstRetry.Ticks << Math.Clamp(attempts - 1, 0, 16)));

    /// <summary><c>{count, paths: [{path, reason, attempts, since, retryAt}]}</c>, the first <paramref name="listed"/> by path.</summary>
    public JsonObject ToJson(int listed)
    {
        lock (_lock)
        {
            return new JsonObject
            {
                ["count"] = _problems.Count,
                ["paths"] = new JsonArray(_problems.OrderBy(p => p.Key).Take(listed).Select(p => (JsonNode)new JsonObject
                {
                    ["path"] = p.Key.Value,
                    ["reason"] = p.Value.Reason,
                    ["attempts"] = p.Value.Attempts,
                    ["since"] = p.Value.Since.ToString("O"),
                    ["retryAt"] = p.Value.RetryAt.ToString("O"),
                }).ToArray()),
            };
        }
    }
}
