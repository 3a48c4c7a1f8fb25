using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FolderSync.Client.Security;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using FolderSync.Common.State;
using FolderSync.Server.Engine;
using FolderSync.Server.Security;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Security;

/// <summary>The server's identity, the client's pin (configured or first use), and when plain TCP is allowed.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class TlsPinningTests
{
    [Test]
    public void TheIdentityIsCreatedOwnerOnlyOnceAndReused()
    {
        string dir = StoreScanTempDirectory.CreatePath();
        try
        {
            using var first = ServerCertificate.LoadOrCreate(dir);
            using var again = ServerCertificate.LoadOrCreate(dir);
            string path = ServerCertificate.PathIn(dir);
            Assert.Multiple(() =>
            {
                Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
                Assert.That(CertificateFingerprint.Of(again), Is.EqualTo(CertificateFingerprint.Of(first)));
                Assert.That(CertificateFingerprint.Of(first), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(first.RawData))));
                Assert.That(first.HasPrivateKey, Is.True);
                Assert.That(first.GetECDsaPublicKey()!.KeySize, Is.EqualTo(256));
                Assert.That(CertificateFingerprint.Normalize(CertificateFingerprint.Format(CertificateFingerprint.Of(first)).ToUpperInvariant()), Is.EqualTo(CertificateFingerprint.Of(first)));
            });
        }
        finally
        {
            StoreScanTempDirectory.DeletePath(dir);
        }
    }

    [Test]
    public async Task AConfiguredFingerprintThatMatchesSyncs()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("a.txt"), "pinned");
        await pair.StartServerAsync();
        await pair.StartClientAsync(security: new ClientSecurityOptions { Token = EnginePair.TokenFor(0), ExpectedFingerprint = CertificateFingerprint.Format(pair.SyncServer.Fingerprint!).ToUpperInvariant() });
        await Eventually.FileHasAsync(pair.Local("a.txt"), "pinned");
    }

    [Test]
    public async Task AWrongConfiguredFingerprintIsRefusedBeforeAnythingIsSent()
    {
        await using var pair = new EnginePair();
        pair.Invariants.Waive(Invariant.Converged | Invariant.NoEcho, "the client refuses the server's certificate on purpose and never connects, retrying its handshake");
        File.WriteAllText(pair.Server("a.txt"), "secret");
        await pair.StartServerAsync();
        var client = await pair.StartClientAsync(security: new ClientSecurityOptions { Token = EnginePair.TokenFor(0), ExpectedFingerprint = new string('a', 64) });
        await Eventually.TrueAsync(() => client.LastError?.Contains("does not match the configured ServerFingerprint", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10), "the mismatch reported");
        Assert.That(File.Exists(pair.Local("a.txt")), Is.False);
        Assert.That(pair.ServerLog, Has.None.Contain("client0"), "the client never sent HELLO to an unverified server");
    }

    [Test]
    public async Task FirstUseRecordsTheFingerprintAndAChangedCertificateIsRefused()
    {
        await using var pair = new EnginePair();
        pair.Invariants.Waive(Invariant.Converged | Invariant.NoEcho, "the client refuses the changed certificate on purpose and stays disconnected, retrying its handshake");
        File.WriteAllText(pair.Server("a.txt"), "one");
        await pair.StartServerAsync();
        int port = pair.Port;
        string original = pair.SyncServer.Fingerprint!;
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("a.txt"), "one");
        await pair.StopClientAsync();
        using (var store = StateStore.Open(Path.Combine(pair.Root, "client-state0", "client.db")))
        {
            Assert.That(store.GetMeta(MetaKeys.ServerFingerprint), Is.EqualTo(original));
        }

        // A new identity on the same address: an impostor, or a reinstalled server.
        await pair.StopServerAsync();
        File.Delete(ServerCertificate.PathIn(pair.ServerStateDir));
        File.WriteAllText(pair.Server("a.txt"), "two");
        int before = pair.ServerLog.Count;
        await pair.StartServerAsync(port);
        Assert.That(pair.SyncServer.Fingerprint, Is.Not.EqualTo(original));
        var client = await pair.StartClientAsync();
        await Eventually.TrueAsync(() => client.LastError?.Contains("certificate CHANGED", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10), "the changed certificate reported");
        Assert.That(File.ReadAllText(pair.Local("a.txt")), Is.EqualTo("one"), "nothing synced from the new identity");
        Assert.That(pair.ServerLog.Skip(before), Has.None.Contain("connected to docs"), "the client never sent HELLO to the new identity");
    }

    [Test]
    public async Task PlainTcpWorksOnLoopbackOnlyWhenBothSidesEnableIt()
    {
        await using var pair = new EnginePair();
        pair.Invariants.Waive(Invariant.Converged | Invariant.NoEcho, "clients that do not enable plain TCP are refused on purpose and stay disconnected, retrying their handshakes");
        File.WriteAllText(pair.Server("a.txt"), "plain");
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        Assert.That(pair.SyncServer.Fingerprint, Is.Null);

        var refusing = await pair.StartClientAsync(security: new ClientSecurityOptions { UseTls = false });
        await Eventually.TrueAsync(() => refusing.LastError?.Contains("refusing plain TCP", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10), "plain TCP refused when not enabled");

        var tokenHolder = await pair.StartClientAsync(1, security: new ClientSecurityOptions { UseTls = false, AllowPlainTcp = true, Token = EnginePair.TokenFor(1) });
        await Eventually.TrueAsync(() => tokenHolder.LastError?.Contains("did not ask this client to authenticate", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10), "a client with a token wants the server's proof");
        Assert.That(File.Exists(pair.Local("a.txt", 1)), Is.False);

        await pair.StartClientAsync(2, security: new ClientSecurityOptions { UseTls = false, AllowPlainTcp = true });
        await Eventually.FileHasAsync(pair.Local("a.txt", 2), "plain");
    }

    [Test]
    public async Task ATlsClientGetsNothingFromAPlainServerAndAPlainServerNeedsLoopback()
    {
        await using var pair = new EnginePair();
        pair.Invariants.Waive(Invariant.Converged | Invariant.NoEcho, "the TLS client is refused by the plain server on purpose and never connects, retrying its handshake");
        File.WriteAllText(pair.Server("a.txt"), "x");
        await pair.StartServerAsync(security: ServerSecurityOptions.OpenLoopback);
        var client = await pair.StartClientAsync();
        await Eventually.TrueAsync(() => client.LastError is not null, TimeSpan.FromSeconds(10), "the TLS handshake fails");
        Assert.That(File.Exists(pair.Local("a.txt")), Is.False);

        var server = new SyncServer(new Dictionary<string, PublishedFolder>(), EnginePair.Health, Common.Framing.FrameLimits.Default, ServerSecurityOptions.OpenLoopback, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await using (server)
        {
            Assert.That(() => server.Start(new System.Net.IPEndPoint(System.Net.IPAddress.Any, 0)), Throws.InvalidOperationException.With.Message.Contains("without client authentication"));
        }
    }

    [Test]
    public void PinDecisions()
    {
        string actual = new('b', 64);
        Assert.Multiple(() =>
        {
            Assert.That(FingerprintPin.Check(null, null, actual), Is.True, "first use: record");
            Assert.That(FingerprintPin.Check(null, actual, actual), Is.False);
            Assert.That(FingerprintPin.Check(actual.ToUpperInvariant(), null, actual), Is.False);
            Assert.That(() => FingerprintPin.Check(null, new string('c', 64), actual), Throws.TypeOf<SecurityRefusalException>().With.Message.Contains("CHANGED"));
            Assert.That(() => FingerprintPin.Check(new string('c', 64), actual, actual), Throws.TypeOf<SecurityRefusalException>(), "the configured value wins over the recorded one");
            Assert.That(new SecurityRefusalException("x").Code, Is.EqualTo(ErrorCode.AuthenticationFailed));
        });
    }
}
