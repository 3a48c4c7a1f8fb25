using System.Text.Json;
using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>The client's <c>status --json</c> fields the runner relies on (DESIGN §8).</summary>
internal sealed record FolderSyncStatus(bool Connected, long PendingUploads, long PendingDownloads, long? FilesTracked)
{
    public bool Synced(int expectedFiles) =>
        Connected && PendingUploads == 0 && PendingDownloads == 0 && (FilesTracked is null || FilesTracked >= expectedFiles);

    public static async Task<FolderSyncStatus?> QueryAsync(string client, string config)
    {
        var (code, output) = await ChildProcess.CaptureAsync(client, ["status", "--json", "--config", config], TimeSpan.FromSeconds(10));
        if (code != 0)
        {
            return null;
        }

        try
        {
            int start = output.IndexOf('{', StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(start >= 0 ? output[start..] : output);
            var root = doc.RootElement;
            return new FolderSyncStatus(
                root.TryGetProperty("connected", out var c) && c.ValueKind == JsonValueKind.True,
                root.TryGetProperty("pendingUploads", out var up) && up.TryGetInt64(out long u) ? u : -1,
                root.TryGetProperty("pendingDownloads", out var down) && down.TryGetInt64(out long d) ? d : -1,
                root.TryGetProperty("filesTracked", out var f) && f.TryGetInt64(out long n) ? n : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
