using System.Globalization;
using System.Text.Json.Nodes;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.EndToEnd;

/// <summary><c>Metrics:Listen</c>: Prometheus text from both daemons, on loopback only.</summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class MetricsTests
{
    [Test]
    public async Task Both_daemons_serve_prometheus_text_that_counts_a_download()
    {
        await using var sandbox = new DaemonSandbox();
        int serverPort = DaemonSandbox.FreePort();
        int clientPort = DaemonSandbox.FreePort();
        AddMetrics(sandbox.ServerConfig, serverPort);
        sandbox.WriteClientConfig(0);
        AddMetrics(sandbox.ClientConfig(), clientPort);
        DaemonFixtureFiles.Write(sandbox.ServerPath, "a.txt", "12345\n");
        await sandbox.StartServerAsync();
        var client = sandbox.StartClient();
        await client.WaitReadyAsync();
        await client.WaitSyncedAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{clientPort}/metrics"));
        string clientText = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(clientText, Does.Contain("# TYPE foldersync_client_files_total counter"));
            Assert.That(clientText, Does.Contain("foldersync_client_connected{folder=\"docs\"} 1\n"));
            Assert.That(clientText, Does.Contain("foldersync_client_files_total{folder=\"docs\",direction=\"down\"} 1\n"));
            Assert.That(clientText, Does.Contain("foldersync_client_bytes_total{folder=\"docs\",direction=\"down\"} 6\n"));
            Assert.That(clientText, Does.Contain("foldersync_client_pending{folder=\"docs\",direction=\"up\"} 0\n"));
        });

        string serverText = await http.GetStringAsync(new Uri($"http://127.0.0.1:{serverPort}/metrics"));
        Assert.Multiple(() =>
        {
            Assert.That(serverText, Does.Contain("foldersync_server_clients 1\n"));
            Assert.That(serverText, Does.Contain("foldersync_server_folder_files{folder=\"docs\"} 1\n"));
        });

        using var other = await http.GetAsync(new Uri($"http://127.0.0.1:{serverPort}/"));
        Assert.That((int)other.StatusCode, Is.EqualTo(404));
    }

    [TestCase("0.0.0.0:9464")]
    [TestCase("[::]:9464")]
    [TestCase("192.0.2.1:9464")]
    public async Task A_metrics_address_that_is_not_loopback_exits_2_naming_the_key(string listen)
    {
        await using var sandbox = new DaemonSandbox();
        var result = await DaemonProcess.RunCommandAsync(DaemonBinaries.ServerDll, TimeSpan.FromSeconds(20), "run", "--config", sandbox.ServerConfig, $"--Metrics:Listen={listen}");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.StdOut + result.StdErr);
            Assert.That(result.StdErr, Does.Contain("Metrics:Listen").And.Contain("loopback"));
        });
    }

    private static void AddMetrics(string configPath, int port)
    {
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["Metrics"] = new JsonObject { ["Listen"] = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}" };
        File.WriteAllText(configPath, config.ToJsonString());
    }
}
