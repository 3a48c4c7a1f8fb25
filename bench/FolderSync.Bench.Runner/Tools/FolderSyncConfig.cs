using System.Text.Json.Nodes;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// The only place the daemons' configuration is written (DESIGN §8). Keys added later (TLS, tokens) go here,
/// or come from <c>--fs-set Section:Key=value</c>, which is applied to both daemons.
/// </summary>
internal static class FolderSyncConfig
{
    public const string FolderName = "bench";

    public static JsonObject Server(int port, string stateDir, string folderPath, IReadOnlyDictionary<string, string> extra)
    {
        var json = new JsonObject
        {
            ["Listen"] = $"127.0.0.1:{port}",
            ["StateDir"] = stateDir,
            ["Folders"] = new JsonObject { [FolderName] = new JsonObject { ["Path"] = folderPath, ["Access"] = "Full" } },
        };
        return Apply(json, extra);
    }

    public static JsonObject Client(int serverPort, string clientId, string localPath, string stateDir, IReadOnlyDictionary<string, string> extra)
    {
        var json = new JsonObject
        {
            ["Server"] = $"127.0.0.1:{serverPort}",
            ["Folder"] = FolderName,
            ["LocalPath"] = localPath,
            ["StateDir"] = stateDir,
            ["ClientId"] = clientId,
        };
        return Apply(json, extra);
    }

    public static string Write(JsonObject config, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>"Sync:DebounceMilliseconds" = "20" becomes { "Sync": { "DebounceMilliseconds": "20" } }.</summary>
    private static JsonObject Apply(JsonObject json, IReadOnlyDictionary<string, string> extra)
    {
        foreach (var (key, value) in extra)
        {
            string[] parts = key.Split(':');
            var node = json;
            foreach (string part in parts[..^1])
            {
                if (node[part] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[part] = child;
                }

                node = child;
            }

            node[parts[^1]] = value;
        }

        return json;
    }
}
