using System.Security.Cryptography;
using System.Xml.Linq;
using FolderSync.Bench.Runner.Infra;

namespace FolderSync.Bench.Runner.Tools;

/// <summary>
/// One Syncthing device: a home made by <c>syncthing generate</c> (key, certificate, device id), a folder, a
/// listen port and a REST port on 127.0.0.1, and the process while it runs (started without the monitor
/// process, so the pid sampled for CPU and memory is the one doing the work).
/// </summary>
internal sealed class SyncthingInstance : IAsyncDisposable
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["STMONITORED"] = "1", // no monitor parent: one process per device, stopped by one SIGTERM
        ["STNODEFAULTFOLDER"] = "1",
    };

    private readonly string _logDir;
    private ChildProcess? _process;
    private int _starts;

    private SyncthingInstance(string name, string home, string folder, string deviceId, string logDir)
    {
        Name = name;
        Home = home;
        Folder = folder;
        DeviceId = deviceId;
        _logDir = logDir;
        Api = new SyncthingApi(GuiPort, ApiKey);
    }

    public string Name { get; }

    public string Home { get; }

    public string Folder { get; }

    public string DeviceId { get; }

    public int ListenPort { get; } = FreePort.Next();

    public int GuiPort { get; } = FreePort.Next();

    public string ApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public SyncthingApi Api { get; }

    public int? Pid => _process?.Pid;

    public bool HasExited => _process?.HasExited ?? true;

    public string LogPath => _process?.LogPath ?? _logDir;

    /// <summary>Generates the home (key, certificate, device id) and marks the folder as a Syncthing folder.</summary>
    public static async Task<SyncthingInstance> CreateAsync(string name, string home, string folder, string logDir)
    {
        var (code, output) = await ChildProcess.CaptureAsync(
            "syncthing", ["generate", $"--home={home}", "--no-default-folder", "--skip-port-probing"], TimeSpan.FromSeconds(60));
        string config = Path.Join(home, "config.xml");
        if (code != 0 || !File.Exists(config))
        {
            throw new InvalidOperationException($"syncthing generate --home={home} exited with {code}: {output}");
        }

        string deviceId = XDocument.Load(config).Root!.Element("device")!.Attribute("id")!.Value;

        // Syncthing refuses to sync a folder whose marker is missing (a guard against an unmounted disk).
        Directory.CreateDirectory(Path.Join(folder, ".stfolder"));
        return new SyncthingInstance(name, home, folder, deviceId, logDir);
    }

    public void Configure(IReadOnlyList<SyncthingPeer> peers) => SyncthingConfig.Write(Path.Join(Home, "config.xml"), this, peers);

    public void Start()
    {
        _process = ChildProcess.Start(
            "syncthing",
            ["serve", $"--home={Home}", "--no-browser", "--no-restart", "--no-upgrade"],
            Path.Join(_logDir, $"syncthing-{Name}-{_starts++}.log"),
            Environment);
    }

    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Api.Dispose();
    }
}
