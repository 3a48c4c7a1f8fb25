using System.Diagnostics;
using System.Text.Json.Nodes;

namespace FolderSync.Client.Engine;

/// <summary>
/// Files and bytes done of a known total (a first sync, a large catch-up), with rate and ETA, for the log
/// at a sane cadence and for <c>status</c>.
/// </summary>
internal sealed class TransferProgress
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(2);

    private readonly Stopwatch _clock = new();
    private TimeSpan _lastLog;
    private int _filesTotal;
    private int _filesDone;
    private long _bytesTotal;
    private long _bytesDone;

    public bool Active => _filesDone < _filesTotal;

    public void Begin(int files, long bytes)
    {
        (_filesTotal, _bytesTotal, _filesDone, _bytesDone) = (files, bytes, 0, 0);
        _lastLog = TimeSpan.Zero;
        _clock.Restart();
    }

    /// <returns>A line to log when one is due (every 2 s, and once at the end), otherwise null.</returns>
    public string? Advance(long bytes)
    {
        if (!Active)
        {
            return null;
        }

        _filesDone++;
        _bytesDone += bytes;
        if (Active && _clock.Elapsed - _lastLog < LogInterval)
        {
            return null;
        }

        _lastLog = _clock.Elapsed;
        return Active
            ? $"sync progress: {_filesDone}/{_filesTotal} files, {Mib(_bytesDone)}/{Mib(_bytesTotal)} MiB, {Mib((long)Rate())} MiB/s, ETA {Eta():0} s"
            : $"sync done: {_filesDone} files, {Mib(_bytesDone)} MiB in {_clock.Elapsed.TotalSeconds:0.0} s";
    }

    public JsonObject? ToJson() => _filesTotal == 0 ? null : new JsonObject
    {
        ["filesDone"] = _filesDone,
        ["filesTotal"] = _filesTotal,
        ["bytesDone"] = _bytesDone,
        ["bytesTotal"] = _bytesTotal,
        ["bytesPerSecond"] = Math.Round(Rate()),
        ["etaSeconds"] = Active ? Math.Round(Eta(), 1) : 0,
    };

    private double Rate() => _bytesDone / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);

    private double Eta() => (_bytesTotal - _bytesDone) / Math.Max(Rate(), 1);

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
