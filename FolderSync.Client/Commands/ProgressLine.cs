using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FolderSync.Common.Hosting;

namespace FolderSync.Client.Commands;

/// <summary>
/// <c>wait</c>'s live line on a terminal: a bar of files and bytes with rate and ETA while a transfer with a known
/// total runs, otherwise what is pending. Redrawn in place from the daemon's status; erased when the wait ends.
/// </summary>
internal static class ProgressLine
{
    private const int BarWidth = 24;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(string socketPath, CancellationToken cancellationToken)
    {
        int drawn = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await StatusQuery.TryQueryAsync(socketPath, cancellationToken) is { } status)
                {
                    string line = Describe(status);
                    Console.Write($"\r{line.PadRight(drawn)}");
                    drawn = line.Length;
                }

                await Task.Delay(Interval, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Net.Sockets.SocketException or System.Text.Json.JsonException)
        {
        }
        finally
        {
            Console.Write($"\r{new string(' ', drawn)}\r");
        }
    }

    public static string Describe(JsonObject status)
    {
        if (status["connected"]?.GetValue<bool>() != true)
        {
            return "waiting: not connected";
        }

        if (status["progress"] is JsonObject progress && progress["filesDone"]!.GetValue<int>() < progress["filesTotal"]!.GetValue<int>())
        {
            long done = progress["bytesDone"]!.GetValue<long>();
            long total = Math.Max(1, progress["bytesTotal"]!.GetValue<long>());
            int filled = (int)(BarWidth * Math.Clamp((double)done / total, 0, 1));
            var bar = new StringBuilder().Append('[').Append('#', filled).Append('-', BarWidth - filled).Append(']');
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{bar} {progress["filesDone"]}/{progress["filesTotal"]} files, {Mib(done)}/{Mib(total)} MiB, {Mib(progress["bytesPerSecond"]!.GetValue<double>())} MiB/s, ETA {progress["etaSeconds"]} s");
        }

        return $"waiting: {status["pendingUploads"]} up, {status["pendingDownloads"]} down pending";
    }

    private static string Mib(double bytes) => (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture);
}
