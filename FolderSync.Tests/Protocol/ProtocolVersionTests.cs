using FolderSync.Common.Protocol;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Protocol;

/// <summary>A peer of an older protocol (version 1: no modes) is refused by a running server with a clear ERROR.</summary>
[TestFixture]
public sealed class ProtocolVersionTests
{
    [Test]
    public async Task A_version_1_hello_gets_unsupported_version_and_the_connection_closes()
    {
        await using var pair = new EnginePair();
        await pair.StartServerAsync();
        await using var peer = await SecurityPeer.ConnectAsync(pair.Port);

        await peer.SendAsync(SecurityPeer.Hello("client0") with { ProtocolVersion = 1 });
        var received = await peer.ReadToEndAsync();

        var error = received.OfType<ErrorMessage>().Single();
        Assert.That(error.Code, Is.EqualTo(ErrorCode.UnsupportedVersion));
        Assert.That(error.Message, Does.Contain("protocol version 1 is not supported").And.Contain($"version {ProtocolVersion.Current}"));
        Assert.That(received, Has.None.InstanceOf<WelcomeMessage>());
    }
}
