using System.Net;

namespace FolderSync.Server.Security;

/// <summary>
/// Counts failed handshakes per remote address. More than the allowed failures inside the window locks the
/// address out for a while: a token cannot be guessed online, and a broken client does not spin the server.
/// </summary>
public sealed class FailureLimiter(int maxFailures, TimeSpan window, TimeSpan lockout, TimeProvider time)
{
    private readonly Dictionary<IPAddress, Entry> _entries = [];
    private readonly Lock _lock = new();

    /// <summary>Null when the address may try, else how long until it may.</summary>
    public TimeSpan? RetryAfter(IPAddress address)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_entries.TryGetValue(address, out var entry) && entry.LockedUntil > now)
            {
                return entry.LockedUntil - now;
            }

            return null;
        }
    }

    /// <summary>Records a failure; true when this one locked the address out.</summary>
    public bool RecordFailure(IPAddress address)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            Prune(now);
            if (!_entries.TryGetValue(address, out var entry))
            {
                entry = new Entry();
                _entries[address] = entry;
            }

            entry.Failures.Enqueue(now);
            while (entry.Failures.Peek() <= now - window)
            {
                entry.Failures.Dequeue();
            }

            if (entry.Failures.Count >= maxFailures)
            {
                entry.LockedUntil = now + lockout;
                entry.Failures.Clear();
                return true;
            }

            return false;
        }
    }

    /// <summary>Keeps memory bounded under a spray of addresses: forget the ones with nothing recent.</summary>
    private void Prune(DateTimeOffset now)
    {
        if (_entries.Count < 1024)
        {
            return;
        }

        foreach (var (address, entry) in _entries.ToList())
        {
            if (entry.LockedUntil <= now && (entry.Failures.Count == 0 || entry.Failures.Last() <= now - window))
            {
                _entries.Remove(address);
            }
        }
    }

    private sealed class Entry
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset LockedUntil { get; set; }
    }
}
