using FolderSync.Server.Configuration;

namespace FolderSync.Tests.Hosting;

/// <summary>Secure defaults at start-up: a server reachable from the network must know its clients.</summary>
public sealed class ServerOptionsValidatorTests
{
    private static ServerOptions Options(string listen, bool withClient = false, bool plainTcp = false)
    {
        var options = new ServerOptions { Listen = listen, StateDir = Path.GetTempPath() };
        options.Folders["docs"] = new FolderOptions { Path = Path.GetTempPath() };
        options.Security.PlainTcp = plainTcp;
        if (withClient)
        {
            options.Clients["laptop"] = new ClientEntryOptions { Token = "secret", Folders = ["docs"] };
        }

        return options;
    }

    [TestCase("127.0.0.1:7878")]
    [TestCase("localhost:7878")]
    [TestCase("[::1]:7878")]
    public void LoopbackWithoutClientsIsAllowed(string listen) =>
        Assert.That(ServerOptionsValidator.Check(Options(listen)), Is.Empty);

    [TestCase("0.0.0.0:7878")]
    [TestCase("*:7878")]
    [TestCase("192.168.1.10:7878")]
    public void NetworkListenWithoutClientsIsRefusedNamingClients(string listen) =>
        Assert.That(ServerOptionsValidator.Check(Options(listen)).Select(e => e.Key), Is.EqualTo(new[] { "Clients" }));

    [Test]
    public void NetworkListenWithClientsIsAllowed() =>
        Assert.That(ServerOptionsValidator.Check(Options("0.0.0.0:7878", withClient: true)), Is.Empty);

    [Test]
    public void PlainTcpOffLoopbackIsRefused() =>
        Assert.That(ServerOptionsValidator.Check(Options("0.0.0.0:7878", withClient: true, plainTcp: true)).Select(e => e.Key), Is.EqualTo(new[] { "Security:PlainTcp" }));

    [Test]
    public void NegativeHistoryRetentionIsRefusedNamingTheFolderKey()
    {
        var options = Options("127.0.0.1:7878");
        options.Folders["docs"].History.KeepDays = -1;
        options.Folders["docs"].History.MaxBytes = -5;
        Assert.That(ServerOptionsValidator.Check(options).Select(e => e.Key), Is.EqualTo(new[] { "Folders:docs:History:KeepDays", "Folders:docs:History:MaxBytes" }));
    }

    [TestCase("Auto", 0)]
    [TestCase("never", 0)]
    [TestCase("Sometimes", 1)]
    public void SyncMergeIsAutoOrNever(string merge, int errors) =>
        Assert.That(
            Common.Configuration.SharedOptionsValidation.Validate(new Common.Configuration.SyncOptions { Merge = merge }, new Common.Configuration.HealthOptions()).Select(e => e.Key),
            Is.EqualTo(Enumerable.Repeat("Sync:Merge", errors)));
}
