using System.Net;
using FolderSync.Client.Engine;
using FolderSync.Common.Protocol;
using FolderSync.Common.Security;
using FolderSync.Server.Engine;
using FolderSync.Server.Security;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Security;

/// <summary>The HMAC challenge-response over real TLS on loopback: who gets in, who is refused, and how.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class AuthenticationTests
{
    [Test]
    public async Task AKnownClientWithItsTokenIsWelcomedAndTheTokenNeverShows()
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("hello.txt"), "hi");
        await pair.StartServerAsync();
        await pair.StartClientAsync();
        await Eventually.FileHasAsync(pair.Local("hello.txt"), "hi");

        await using var peer = await SecurityPeer.ConnectAsync(pair.Port);
        var welcome = await peer.JoinAsync("client1", EnginePair.TokenFor(1));
        Assert.That(welcome.Folder, Is.EqualTo("docs"));

        var log = string.Join('\n', pair.ServerLog);
        Assert.That(log, Does.Contain("connected to docs").And.Contain("TLS, authenticated"));
        Assert.That(log, Does.Not.Contain(EnginePair.TokenFor(0)).And.Not.Contain(EnginePair.TokenFor(1)));
        var credential = new ClientCredential(EnginePair.TokenFor(0), ["docs"]);
        var options = new SubscribedFolderOptions("h", 1, "docs", "/l", "/s", "c", EnginePair.Sync, EnginePair.Health) { Security = new() { Token = EnginePair.TokenFor(0) } };
        Assert.That(credential.ToString() + options + pair.DefaultServerSecurity(), Does.Not.Contain(EnginePair.TokenFor(0)));
    }

    [TestCase("client1", "wrong-token", "docs", ErrorCode.AuthenticationFailed, "wrong token")]
    [TestCase("nobody", "whatever", "docs", ErrorCode.AuthenticationFailed, "unknown client id 'nobody'")]
    [TestCase("client2", null, "docs", ErrorCode.AccessDenied, "may not access folder 'docs'")]
    [TestCase("client2", null, "no-such-folder", ErrorCode.AccessDenied, "may not access folder 'no-such-folder'")]
    public async Task RefusalsAreOneErrorWithTheReasonAndNothingAboutTheFolder(string clientId, string? token, string folder, ErrorCode code, string reason)
    {
        await using var pair = new EnginePair();
        File.WriteAllText(pair.Server("secret.txt"), "x");
        var security = pair.DefaultServerSecurity();
        security = security with
        {
            Clients = new Dictionary<string, ClientCredential>(security.Clients) { ["client2"] = new(EnginePair.TokenFor(2), ["other"]) },
        };
        await pair.StartServerAsync(security: security);

        await using var peer = await SecurityPeer.ConnectAsync(pair.Port);
        var hello = SecurityPeer.Hello(clientId, folder);
        await peer.SendAsync(hello);
        if (await peer.ReadAsync() is AuthChallengeMessage challenge)
        {
            var transcript = new HandshakeTranscript(clientId, folder, hello.Nonce!, challenge.ServerNonce, peer.Binding);
            await peer.SendAsync(new AuthMessage(HandshakeProof.ClientProof(token ?? EnginePair.TokenFor(2), transcript)));
        }

        await peer.ReadToEndAsync();
        var all = peer.Received;
        Assert.That(all.OfType<ErrorMessage>().Single().Code, Is.EqualTo(code));
        Assert.That(all.OfType<ErrorMessage>().Single().Message, Does.Contain(reason));
        Assert.That(all, Has.None.InstanceOf<WelcomeMessage>().And.None.InstanceOf<IndexBatchMessage>().And.None.InstanceOf<AuthOkMessage>());
        Assert.That(all.Select(m => m.ToString()), Has.None.Contain("secret.txt"));
        Assert.That(all.Last(), Is.TypeOf<ErrorMessage>(), "the ERROR is the last thing before the close");
        await Eventually.TrueAsync(
            () => pair.ServerLog.Any(l => l.Contains("Refused", StringComparison.Ordinal) && l.Contains("127.0.0.1:", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5),
            "a server log line naming the peer address and the reason");
    }

    [Test]
    public async Task AReplayedHandshakeFails()
    {
        await using var pair = new EnginePair();
        await pair.StartServerAsync();
        HelloMessage hello;
        AuthMessage auth;
        await using (var original = await SecurityPeer.ConnectAsync(pair.Port))
        {
            (hello, auth) = await original.AuthenticateAsync("client1", EnginePair.TokenFor(1));
            Assert.That(await original.ReadAsync(), Is.TypeOf<AuthOkMessage>(), "the captured handshake itself was good");
        }

        await using var replay = await SecurityPeer.ConnectAsync(pair.Port);
        await replay.SendAsync(hello);
        Assert.That(await replay.ReadAsync(), Is.TypeOf<AuthChallengeMessage>());
        await replay.SendAsync(auth);
        await replay.ReadToEndAsync();
        Assert.That(replay.Received.OfType<ErrorMessage>().Single().Code, Is.EqualTo(ErrorCode.AuthenticationFailed));
        Assert.That(replay.Received, Has.None.InstanceOf<WelcomeMessage>());
    }

    [Test]
    public async Task RepeatedFailuresLockTheAddressOutUntilTheLockoutEnds()
    {
        var clock = new SecurityClock();
        await using var pair = new EnginePair();
        await pair.StartServerAsync(security: pair.DefaultServerSecurity() with { Time = clock, MaxFailures = 5, Lockout = TimeSpan.FromMinutes(1) });
        for (int i = 0; i < 5; i++)
        {
            Assert.That(await AttemptAsync(pair, EnginePair.TokenFor(9)), Is.EqualTo(ErrorCode.AuthenticationFailed), $"attempt {i + 1}");
        }

        Assert.That(await AttemptAsync(pair, EnginePair.TokenFor(1)), Is.EqualTo(ErrorCode.RateLimited), "even the right token is refused while locked out");
        Assert.That(pair.ServerLog, Has.Some.Contain("Locking out 127.0.0.1"));
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.That(await AttemptAsync(pair, EnginePair.TokenFor(1)), Is.Null, "the right token works again after the lockout");
    }

    [Test]
    public async Task SessionsPerClientAndConnectionsAreCapped()
    {
        await using var pair = new EnginePair();
        await pair.StartServerAsync(security: pair.DefaultServerSecurity() with { MaxSessionsPerClient = 1, MaxConnections = 2 });
        await using var first = await SecurityPeer.ConnectAsync(pair.Port);
        await first.JoinAsync("client1", EnginePair.TokenFor(1));

        await using var second = await SecurityPeer.ConnectAsync(pair.Port);
        await second.AuthenticateAsync("client1", EnginePair.TokenFor(1));
        await second.ReadToEndAsync();
        Assert.That(second.Received.OfType<ErrorMessage>().Single().Message, Does.Contain("already has 1 sessions"));
        Assert.That(second.Received, Has.None.InstanceOf<WelcomeMessage>());

        await Eventually.TrueAsync(() => pair.SyncServer.ConnectionCount == 1, TimeSpan.FromSeconds(5), "the refused session gone");
        await using var holder = await SecurityPeer.ConnectAsync(pair.Port);
        await Eventually.TrueAsync(() => pair.SyncServer.ConnectionCount == 2, TimeSpan.FromSeconds(5), $"two connections open (have {pair.SyncServer.ConnectionCount})");
        await using var third = await SecurityPeer.ConnectAsync(pair.Port);
        var refused = await third.ReadToEndAsync();
        Assert.That(refused.OfType<ErrorMessage>().Single().Code, Is.EqualTo(ErrorCode.RateLimited));
        Assert.That(refused.OfType<ErrorMessage>().Single().Message, Does.Contain("limit of 2 connections"));
    }

    [Test]
    public async Task ASilentPeerIsDroppedAtTheHandshakeTimeout()
    {
        await using var pair = new EnginePair();
        await pair.StartServerAsync(security: pair.DefaultServerSecurity() with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        await using var peer = await SecurityPeer.ConnectAsync(pair.Port);
        var started = DateTime.UtcNow;
        Assert.That(await peer.ReadToEndAsync(TimeSpan.FromSeconds(5)), Is.Empty);
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(4)));
        Assert.That(pair.ServerLog, Has.Some.Contain("timed out"));
    }

    [Test]
    public void OpenOrPlainServersListenOnLoopbackOnly()
    {
        var any = new IPEndPoint(IPAddress.Any, 7878);
        var loopback = new IPEndPoint(IPAddress.Loopback, 7878);
        var secure = new ServerSecurityOptions { Clients = new Dictionary<string, ClientCredential> { ["a"] = new("t", ["docs"]) }, Certificate = null, AllowPlainTcp = true };
        Assert.Multiple(() =>
        {
            Assert.That(SyncServer.CheckListen(loopback, ServerSecurityOptions.OpenLoopback), Is.Null);
            Assert.That(SyncServer.CheckListen(any, ServerSecurityOptions.OpenLoopback), Does.Contain("without client authentication"));
            Assert.That(SyncServer.CheckListen(any, secure), Does.Contain("plain TCP"));
            Assert.That(SyncServer.CheckListen(loopback, secure with { AllowPlainTcp = false }), Does.Contain("plain TCP is not enabled"));
            Assert.That(SyncServer.CheckListen(loopback, secure), Is.Null);
            Assert.That(SyncServer.CheckListen(any, new ServerSecurityOptions()), Does.Contain("plain TCP is not enabled"));
        });
    }

    /// <returns>The ERROR code the server answered with, or null when it let the client in.</returns>
    private static async Task<ErrorCode?> AttemptAsync(EnginePair pair, string token)
    {
        await using var peer = await SecurityPeer.ConnectAsync(pair.Port);
        var hello = SecurityPeer.Hello("client1");
        await peer.SendAsync(hello);
        var first = await peer.ReadAsync();
        if (first is not AuthChallengeMessage challenge)
        {
            return ((ErrorMessage)first!).Code;
        }

        var transcript = new HandshakeTranscript("client1", "docs", hello.Nonce!, challenge.ServerNonce, peer.Binding);
        await peer.SendAsync(new AuthMessage(HandshakeProof.ClientProof(token, transcript)));
        return await peer.ReadAsync() switch
        {
            AuthOkMessage => null,
            ErrorMessage error => error.Code,
            var other => throw new AssertionException($"unexpected {other}"),
        };
    }
}
