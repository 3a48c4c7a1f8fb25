using System.Globalization;
using System.Xml.Linq;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// The only place Syncthing's config.xml is written: loopback only (listen, GUI/REST), no discovery, relays, NAT,
/// usage or crash reporting, or upgrades; one send-receive folder watched with the shortest delay Syncthing accepts.
/// Everything else keeps Syncthing's defaults (block size, compression of metadata only, fsync on).
/// </summary>
internal static class SyncthingConfig
{
    public const string FolderId = "bench";

    /// <summary>fsWatcherDelayS is whole seconds and at least 1.</summary>
    public const int WatcherDelaySeconds = 1;

    /// <summary>A day: the watcher carries every change; a periodic full rescan would only add idle CPU.</summary>
    public const int RescanIntervalSeconds = 86_400;

    public static void Write(string path, SyncthingInstance self, IReadOnlyList<SyncthingPeer> peers)
    {
        var inv = CultureInfo.InvariantCulture;
        var folder = new XElement(
            "folder",
            new XAttribute("id", FolderId),
            new XAttribute("label", FolderId),
            new XAttribute("path", self.Folder),
            new XAttribute("type", "sendreceive"),
            new XAttribute("rescanIntervalS", RescanIntervalSeconds.ToString(inv)),
            new XAttribute("fsWatcherEnabled", "true"),
            new XAttribute("fsWatcherDelayS", WatcherDelaySeconds.ToString(inv)),
            new XElement("device", new XAttribute("id", self.DeviceId)),
            peers.Select(p => new XElement("device", new XAttribute("id", p.DeviceId))));
        var config = new XElement(
            "configuration",
            new XAttribute("version", "36"),
            folder,
            Device(self.DeviceId, self.Name, SyncthingPeer.AcceptOnly),
            peers.Select((p, i) => Device(p.DeviceId, $"peer{i + 1}", p.Address)),
            new XElement(
                "gui",
                new XAttribute("enabled", "true"),
                new XAttribute("tls", "false"),
                new XElement("address", $"127.0.0.1:{self.GuiPort.ToString(inv)}"),
                new XElement("apikey", self.ApiKey)),
            new XElement(
                "options",
                new XElement("listenAddress", $"tcp://127.0.0.1:{self.ListenPort.ToString(inv)}"),
                new XElement("globalAnnounceEnabled", "false"),
                new XElement("localAnnounceEnabled", "false"),
                new XElement("relaysEnabled", "false"),
                new XElement("natEnabled", "false"),
                new XElement("urAccepted", "-1"),
                new XElement("autoUpgradeIntervalH", "0"),
                new XElement("crashReportingEnabled", "false"),
                new XElement("startBrowser", "false"),

                // Syncthing renices itself by default; FolderSync's daemons run at normal priority.
                new XElement("setLowPriority", "false")));
        new XDocument(config).Save(path);
    }

    private static XElement Device(string id, string name, string address) =>
        new("device", new XAttribute("id", id), new XAttribute("name", name), new XElement("address", address));
}
