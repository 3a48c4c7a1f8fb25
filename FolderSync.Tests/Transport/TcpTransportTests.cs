using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Common.Transport;
using FolderSync.Tests.Framing;
using FolderSync.Tests.Protocol;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Transport;

public sealed class TcpTransportTests
{
    private TcpFrameListener _listener = null!;

    [SetUp]
    public void StartListener() => _listener = TcpFrameListener.Start(new IPEndPoint(IPAddress.Loopback, 0));

    [TearDown]
    public void StopListener() => _listener.Dispose();

    [Test]
    [CancelAfter(20_000)]
    public async Task A_50_MiB_body_reaches_a_slow_reader_intact_with_bounded_buffering(CancellationToken ct)
    {
        const long size = 50L * 1024 * 1024;
        byte[] expected = await SHA256.HashDataAsync(new PatternStream(size, 42), ct);
        var accepting = _listener.AcceptAsync(ct).AsTask();
        await using var client = await TcpConnector.ConnectAsync("127.0.0.1", _listener.LocalEndPoint.Port, cancellationToken: ct);
        await using var server = await accepting;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var sending = Task.Run(
            async () => await client.Writer.WriteAsync(SampleMessages.FileUpdate(size), new PatternStream(size, 42), ct),
            ct);

        var update = await server.Reader.ReadAsync(ct);
        Assert.That(update, Is.InstanceOf<FileUpdateMessage>());
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long maxSlice = 0, slices = 0;
        await server.Reader.ReadBodyAsync(
            async (slice, token) =>
            {
                maxSlice = Math.Max(maxSlice, slice.Length);
                foreach (var segment in slice)
                {
                    hash.AppendData(segment.Span);
                }

                // Pacing, not synchronisation: a reader slower than the sender.
                if (++slices % 4 == 0)
                {
                    await Task.Delay(1, token);
                }
            },
            ct);
        await sending;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var options = TransportOptions.Default;
        TestContext.Out.WriteLine(
            $"50 MiB in {slices} slices; largest slice {maxSlice / 1024} KiB; sender's peak queued output {client.Transport.PeakOutputBytes / 1024} KiB " +
            $"(pause threshold {options.PauseWriterThreshold / 1024} KiB); managed allocations during the transfer {allocated / 1024} KiB");
        Assert.That(hash.GetHashAndReset(), Is.EqualTo(expected));
        Assert.That(client.Transport.PeakOutputBytes, Is.LessThanOrEqualTo(options.PauseWriterThreshold + ProtocolWriter.BodyChunkBytes + 1024));
        Assert.That(client.Transport.PeakOutputBytes, Is.GreaterThan(options.ResumeWriterThreshold), "the slow reader must have pushed back");
        Assert.That(maxSlice, Is.LessThanOrEqualTo(options.PauseWriterThreshold + options.MinimumReadSize + (64 * 1024)));
        Assert.That(allocated, Is.LessThan(8L * 1024 * 1024), "far below the 50 MiB body");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task A_malformed_frame_gets_an_error_and_closes_only_that_connection(CancellationToken ct)
    {
        var acceptingBad = _listener.AcceptAsync(ct).AsTask();
        using var bad = await RawConnectAsync(ct);
        await using var serverSide = await acceptingBad;
        await bad.SendAsync(FrameBytes.Raw("""{"type":"PING","id":1,"id":2,"clockUnixMs":0}"""), ct);

        var error = Assert.ThrowsAsync<ProtocolException>(async () => await serverSide.Reader.ReadAsync(ct));
        await serverSide.FailAsync(error!, cancellationToken: ct);
        Assert.That(serverSide.CloseReason, Is.SameAs(error));

        // The bad peer reads one ERROR frame (code and message only), then EOF.
        await using var badView = new FrameConnection(new NetworkStream(bad, ownsSocket: false), null);
        var sent = await badView.Reader.ReadAsync(ct);
        Assert.That(sent, Is.InstanceOf<ErrorMessage>().With.Property("Code").EqualTo(ErrorCode.ProtocolViolation));
        Assert.That(await badView.Reader.ReadAsync(ct), Is.Null);

        // Another connection on the same listener is unaffected.
        var acceptingGood = _listener.AcceptAsync(ct).AsTask();
        await using var good = await TcpConnector.ConnectAsync("127.0.0.1", _listener.LocalEndPoint.Port, cancellationToken: ct);
        await using var goodServer = await acceptingGood;
        await good.Writer.WriteAsync(new PingMessage(5, 6), ct);
        Assert.That(await goodServer.Reader.ReadAsync(ct), Is.EqualTo(new PingMessage(5, 6)));
        await goodServer.Writer.WriteAsync(new PongMessage(5, 7), ct);
        Assert.That(await good.Reader.ReadAsync(ct), Is.EqualTo(new PongMessage(5, 7)));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task A_peer_closing_mid_body_gives_a_clear_error(CancellationToken ct)
    {
        var accepting = _listener.AcceptAsync(ct).AsTask();
        using var raw = await RawConnectAsync(ct);
        await using var server = await accepting;
        var update = SampleMessages.FileUpdate(1000);
        await raw.SendAsync(FrameBytes.Encode(update, SampleMessages.BodyFor(update)).AsMemory(..^990), ct);
        raw.Shutdown(SocketShutdown.Both);

        Assert.That(await server.Reader.ReadAsync(ct), Is.InstanceOf<FileUpdateMessage>());
        var error = Assert.ThrowsAsync<ProtocolException>(async () => await server.Reader.SkipBodyAsync(ct));
        Assert.That(error!.Message, Is.EqualTo("connection closed mid-frame (body: 10 of 1000 bytes received)"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task A_reset_is_reported_as_a_reset(CancellationToken ct)
    {
        var accepting = _listener.AcceptAsync(ct).AsTask();
        var raw = await RawConnectAsync(ct);
        await using var server = await accepting;
        await raw.SendAsync(new byte[] { 0, 0 }, ct);
        raw.LingerState = new LingerOption(true, 0);
        raw.Dispose();

        var error = Assert.CatchAsync<FolderSyncException>(async () => await server.Reader.ReadAsync(ct));
        Assert.That(error, Is.InstanceOf<ConnectionClosedException>().With.Property("Kind").EqualTo(ConnectionCloseKind.Reset));
        await server.Closed.WaitAsync(ct);
        Assert.That(server.CloseReason, Is.InstanceOf<ConnectionClosedException>());
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task A_clean_close_delivers_every_queued_frame_then_eof(CancellationToken ct)
    {
        var accepting = _listener.AcceptAsync(ct).AsTask();
        var client = await TcpConnector.ConnectAsync("127.0.0.1", _listener.LocalEndPoint.Port, cancellationToken: ct);
        await using var server = await accepting;
        for (int i = 0; i < 100; i++)
        {
            await client.Writer.WriteAsync(new PingMessage(i, 0), ct);
        }

        await client.DisposeAsync();
        Assert.That(client.CloseReason, Is.Null);

        for (int i = 0; i < 100; i++)
        {
            Assert.That(await server.Reader.ReadAsync(ct), Is.EqualTo(new PingMessage(i, 0)));
        }

        Assert.That(await server.Reader.ReadAsync(ct), Is.Null);
    }

    private async Task<Socket> RawConnectAsync(CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_listener.LocalEndPoint, ct);
        return socket;
    }
}
