using System.Globalization;
using System.Text.Json;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// The few REST calls the runner needs from one Syncthing instance (GUI address on 127.0.0.1, API key header).
/// Every call answers null (or false) while the instance is starting, busy or gone; callers poll with a deadline.
/// </summary>
internal sealed class SyncthingApi(int guiPort, string apiKey) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{guiPort.ToString(CultureInfo.InvariantCulture)}/"),
        Timeout = TimeSpan.FromSeconds(10),
        DefaultRequestHeaders = { { "X-API-Key", apiKey } },
    };

    /// <summary>Whether a live connection to <paramref name="deviceId"/> exists (/rest/system/connections).</summary>
    public async Task<bool> ConnectedToAsync(string deviceId)
    {
        using var doc = await GetAsync("rest/system/connections");
        return doc is not null
            && doc.RootElement.GetProperty("connections").TryGetProperty(deviceId, out var connection)
            && connection.GetProperty("connected").GetBoolean();
    }

    /// <summary>The folder is idle, needs nothing, and its global index holds at least <paramref name="files"/> files (/rest/db/status).</summary>
    public async Task<bool> FolderSettledAsync(int files)
    {
        using var doc = await GetAsync($"rest/db/status?folder={SyncthingConfig.FolderId}");
        if (doc is null)
        {
            return false;
        }

        var root = doc.RootElement;
        return root.GetProperty("state").GetString() == "idle"
            && root.GetProperty("needTotalItems").GetInt64() == 0
            && root.GetProperty("globalFiles").GetInt64() >= files;
    }

    /// <summary>This instance's view of how complete <paramref name="deviceId"/> is, 100 when it has everything (/rest/db/completion).</summary>
    public async Task<bool> PeerCompleteAsync(string deviceId)
    {
        using var doc = await GetAsync($"rest/db/completion?folder={SyncthingConfig.FolderId}&device={deviceId}");
        return doc is not null && doc.RootElement.GetProperty("completion").GetDouble() >= 100 && doc.RootElement.GetProperty("needItems").GetInt64() == 0;
    }

    /// <summary>When the folder's last full scan completed (/rest/stats/folder), or null before the first.</summary>
    public async Task<DateTimeOffset?> LastScanAsync()
    {
        using var doc = await GetAsync("rest/stats/folder");
        return doc is not null
            && doc.RootElement.TryGetProperty(SyncthingConfig.FolderId, out var folder)
            && DateTimeOffset.TryParse(folder.GetProperty("lastScan").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : null;
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument?> GetAsync(string path)
    {
        try
        {
            using var response = await _http.GetAsync(path);
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStreamAsync()) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }
}
