using System.Diagnostics;
using FolderSync.Common.Watching;

namespace FolderSync.Tests.Watching;

/// <summary>Reads a folder's batches in the background and lets a test wait for a condition on their union.</summary>
internal sealed class WatchBatchCollector : IDisposable
{
    private readonly object _gate = new();
    private readonly List<(WatchBatch Batch, long ReceivedAt)> _batches = [];
    private readonly Dictionary<string, long> _firstSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly List<WatchMove> _moves = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    public WatchBatchCollector(FolderWatcher watcher)
    {
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in watcher.Batches.ReadAllAsync(_stop.Token))
                {
                    long now = Stopwatch.GetTimestamp();
                    lock (_gate)
                    {
                        _batches.Add((batch, now));
                        foreach (var path in batch.Changed)
                        {
                            _firstSeen.TryAdd(path.Value, now);
                            _changed.Add(path.Value);
                        }

                        _moves.AddRange(batch.Moves);
                        foreach (var move in batch.Moves)
                        {
                            _firstSeen.TryAdd(move.From.Value, now);
                            _firstSeen.TryAdd(move.To.Value, now);
                        }

                        Monitor.PulseAll(_gate);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public IReadOnlyList<WatchBatch> Batches
    {
        get
        {
            lock (_gate)
            {
                return _batches.Select(b => b.Batch).ToList();
            }
        }
    }

    /// <summary>The union of every batch's changed paths (read it inside <see cref="WaitFor"/> or after).</summary>
    public IReadOnlySet<string> Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.ToHashSet(StringComparer.Ordinal);
            }
        }
    }

    public IReadOnlyList<WatchMove> Moves
    {
        get
        {
            lock (_gate)
            {
                return _moves.ToList();
            }
        }
    }

    public int ChangedCount
    {
        get
        {
            lock (_gate)
            {
                return _changed.Count;
            }
        }
    }

    public bool HasChanged(string path)
    {
        lock (_gate)
        {
            return _changed.Contains(path);
        }
    }

    /// <summary>Changed paths and both ends of every move.</summary>
    public bool Reported(string path)
    {
        lock (_gate)
        {
            return _firstSeen.ContainsKey(path);
        }
    }

    /// <summary>Stopwatch timestamp of the first batch naming <paramref name="path"/>.</summary>
    public long? FirstSeen(string path)
    {
        lock (_gate)
        {
            return _firstSeen.TryGetValue(path, out long at) ? at : null;
        }
    }

    public bool WaitFor(Func<WatchBatchCollector, bool> condition, double seconds = 5)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        lock (_gate)
        {
            while (true)
            {
                if (condition(this))
                {
                    return true;
                }

                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    return false;
                }

                Monitor.Wait(_gate, TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
            }
        }
    }

    public void WaitForOrFail(Func<WatchBatchCollector, bool> condition, string what, double seconds = 5) =>
        Assert.That(WaitFor(condition, seconds), Is.True, $"timed out waiting for {what}; got changed [{string.Join(", ", Changed.Order())}], moves [{string.Join(", ", Moves)}]");

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _reader.Wait();
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}
