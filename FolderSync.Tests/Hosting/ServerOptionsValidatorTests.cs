using FolderSync.Server.Configuration;

namespace FolderSync.Tests.Hosting;

/// <summary>Secure defaults at start-up: a server reachable from the network must know its clients.</summary>
public sealed class ServerOptionsValidatorTests
{
    private const string LongToken = "0123456789abcdef0123456789abcdef";

    private static ServerOptions Options(string listen, bool withClient = false, bool plainTcp = false, string token = LongToken)
    {
        var options = new ServerOptions { Listen = listen, StateDir = Path.GetTempPath() };
        options.Folders["docs"] = new FolderOptions { Path = Path.GetTempPath() };
        options.Security.PlainTcp = plainTcp;
        if (withClient)
        {
            options.Clients["laptop"] = new ClientEntryOptions { Token = token, Folders = ["docs"] };
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

    [TestCase("0.0.0.0:7878")]
    [TestCase("[::]:7878")]
    [TestCase("*:7878")]
    public void AShortTokenOnANetworkAddressIsRefusedNamingItsKey(string listen)
    {
        var errors = ServerOptionsValidator.Check(Options(listen, withClient: true, token: LongToken[..31])).ToList();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "Clients:laptop:Token" }));
        Assert.That(errors[0].Problem, Does.Contain("31 characters").And.Contain("openssl rand -hex 32"));
    }

    [TestCase("127.0.0.1:7878")]
    [TestCase("[::1]:7878")]
    public void AShortTokenOnLoopbackIsAllowed(string listen) =>
        Assert.That(ServerOptionsValidator.Check(Options(listen, withClient: true, token: "short")), Is.Empty);

    [TestCase("::1:7878")]
    [TestCase("[]:7878")]
    [TestCase("[::]:0")]
    public void AnIPv6AddressNeedsBracketsAndAPort(string listen) =>
        Assert.That(ServerOptionsValidator.Check(Options(listen)).Select(e => e.Key), Is.EqualTo(new[] { "Listen" }));

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
