using System.IO.Pipelines;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Tests.Protocol;

namespace FolderSync.Tests.Framing;

public sealed class ProtocolWriterTests
{
    [Test]
    public async Task A_body_stream_shorter_than_announced_faults_the_writer_and_the_peer_sees_a_cut_frame()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var writer = new ProtocolWriter(pipe.Writer, FrameLimits.Default);
        var reader = new ProtocolReader(pipe.Reader, FrameLimits.Default);
        await writer.WriteAsync(new PingMessage(1, 1), CancellationToken.None);

        var error = Assert.ThrowsAsync<FolderSyncException>(async () =>
            await PipeFeeder.WithinAsync(writer.WriteAsync(SampleMessages.FileUpdate(200_000), new MemoryStream(new byte[150_000]), CancellationToken.None).AsTask()));
        Assert.That(error!.Code, Is.EqualTo(ErrorCode.IoError));
        Assert.That(error.Message, Does.Contain("150000 of 200000"));

        // No later frame may follow the short one.
        var after = Assert.ThrowsAsync<FolderSyncException>(async () => await writer.WriteAsync(new PingMessage(2, 2), CancellationToken.None));
        Assert.That(after!.Message, Does.Contain("faulted"));

        // The reading side ends in an error (the buffered PING may or may not come first), never in a desynchronised frame.
        var seen = new List<Message>();
        Assert.CatchAsync<FolderSyncException>(async () => await PipeFeeder.WithinAsync(DrainAsync(reader, seen)));
        Assert.That(seen, Is.SubsetOf(new[] { new PingMessage(1, 1) }));
    }

    [Test]
    public async Task Reused_buffers_never_leak_an_earlier_bodys_bytes()
    {
        var pipe = new Pipe();
        var writer = new ProtocolWriter(pipe.Writer, FrameLimits.Default);
        var reader = new ProtocolReader(pipe.Reader, FrameLimits.Default);
        byte[] secret = Enumerable.Repeat((byte)'S', 300_000).ToArray();
        byte[] small = "tiny\n"u8.ToArray();

        var writing = Task.Run(async () =>
        {
            await writer.WriteAsync(SampleMessages.FileUpdate(secret.Length), new MemoryStream(secret), CancellationToken.None);
            await writer.WriteAsync(SampleMessages.FileUpdate(small.Length), new TrickleStream(small), CancellationToken.None);
            await writer.CompleteAsync();
        });
        var received = await PipeFeeder.WithinAsync(ProtocolRoundTripTests.ReadAllAsync(reader));
        await writing;

        Assert.That(received[0].Body, Is.EqualTo(secret));
        Assert.That(received[1].Body, Is.EqualTo(small));
    }

    [Test]
    public async Task Concurrent_writers_never_interleave_frames()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024));
        var writer = new ProtocolWriter(pipe.Writer, FrameLimits.Default);
        var reader = new ProtocolReader(pipe.Reader, FrameLimits.Default);
        var writers = Enumerable.Range(1, 8).Select(id => Task.Run(async () =>
        {
            for (int i = 0; i < 20; i++)
            {
                var body = Enumerable.Repeat((byte)id, 10_000 + i).ToArray();
                var message = SampleMessages.FileUpdate(body.Length) with { RequestId = id };
                await writer.WriteAsync(message, new TrickleStream(body, 777), CancellationToken.None);
                await writer.WriteAsync(new PingMessage(id, i), CancellationToken.None);
            }
        })).ToArray();
        var completing = Task.WhenAll(writers).ContinueWith(_ => writer.CompleteAsync().AsTask(), TaskScheduler.Default).Unwrap();

        var received = await PipeFeeder.WithinAsync(ProtocolRoundTripTests.ReadAllAsync(reader));
        await completing;

        Assert.That(received, Has.Count.EqualTo(8 * 20 * 2));
        foreach (var (message, body) in received.Where(r => r.Message is FileUpdateMessage))
        {
            Assert.That(body, Has.All.EqualTo((byte)((FileUpdateMessage)message).RequestId));
        }
    }

    [Test]
    public void A_header_over_the_limit_throws_before_writing_anything()
    {
        var pipe = new Pipe();
        var writer = new ProtocolWriter(pipe.Writer, new FrameLimits { MaxHeaderBytes = 1024 });
        var huge = new FileRequestMessage(new string('a', 2000));

        var error = Assert.ThrowsAsync<FolderSyncException>(async () => await writer.WriteAsync(huge, CancellationToken.None));
        Assert.That(error!.Code, Is.EqualTo(ErrorCode.FrameTooLarge));
        Assert.That(pipe.Writer.UnflushedBytes, Is.Zero);
        Assert.DoesNotThrowAsync(async () => await writer.WriteAsync(new PingMessage(1, 1), CancellationToken.None));
    }

    [Test]
    public void A_body_message_without_a_body_stream_is_refused() =>
        Assert.ThrowsAsync<ArgumentException>(async () =>
            await new ProtocolWriter(new Pipe().Writer, FrameLimits.Default).WriteAsync(SampleMessages.FileUpdate(3), CancellationToken.None));

    private static async Task DrainAsync(ProtocolReader reader, List<Message> seen)
    {
        while (await reader.ReadAsync(CancellationToken.None) is { } message)
        {
            seen.Add(message);
            await reader.SkipBodyAsync(CancellationToken.None);
        }
    }
}
