using System.Buffers;
using System.IO.Pipelines;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Tests.Protocol;

namespace FolderSync.Tests.Framing;

public sealed class ProtocolReaderTests
{
    [Test]
    public async Task A_clean_close_between_frames_reads_as_null()
    {
        var (pipe, reader) = Create();
        await PipeFeeder.FeedAsync(pipe.Writer, FrameBytes.Encode(new PingMessage(1, 2)), () => 3);

        Assert.That(await reader.ReadAsync(CancellationToken.None), Is.EqualTo(new PingMessage(1, 2)));
        Assert.That(await reader.ReadAsync(CancellationToken.None), Is.Null);
    }

    [TestCase(2, "length prefix: 2 of 4")]
    [TestCase(10, "header: 6 of")]
    public async Task A_peer_closing_mid_header_gives_a_clear_error(int keep, string expected)
    {
        var (pipe, reader) = Create();
        var feeding = PipeFeeder.FeedAsync(pipe.Writer, FrameBytes.Encode(new PingMessage(1, 2))[..keep], () => 1);

        var error = Assert.ThrowsAsync<ProtocolException>(async () => await PipeFeeder.WithinAsync(reader.ReadAsync(CancellationToken.None).AsTask()));
        await feeding;
        Assert.That(error!.Message, Does.StartWith("connection closed mid-frame").And.Contain(expected));
    }

    [Test]
    public async Task A_body_shorter_than_announced_then_eof_gives_a_clear_error_not_a_hang()
    {
        var (pipe, reader) = Create();
        var message = SampleMessages.FileUpdate(1000);
        byte[] frame = FrameBytes.Encode(message, SampleMessages.BodyFor(message));
        var feeding = PipeFeeder.FeedAsync(pipe.Writer, frame[..^400], () => 97);

        Assert.That(await PipeFeeder.WithinAsync(reader.ReadAsync(CancellationToken.None).AsTask()), Is.InstanceOf<FileUpdateMessage>());
        long delivered = 0;
        var error = Assert.ThrowsAsync<ProtocolException>(async () => await PipeFeeder.WithinAsync(reader.ReadBodyAsync(
            (slice, _) =>
            {
                delivered += slice.Length;
                return ValueTask.CompletedTask;
            },
            CancellationToken.None).AsTask()));
        await feeding;

        Assert.That(error!.Message, Is.EqualTo("connection closed mid-frame (body: 600 of 1000 bytes received)"));
        Assert.That(delivered, Is.EqualTo(600));
    }

    [Test]
    public async Task Reading_the_next_message_before_consuming_a_body_is_refused()
    {
        var (pipe, reader) = Create();
        var message = SampleMessages.FileUpdate(10);
        await PipeFeeder.FeedAsync(pipe.Writer, FrameBytes.Encode(message, SampleMessages.BodyFor(message)), () => 100);

        await reader.ReadAsync(CancellationToken.None);
        Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.ReadAsync(CancellationToken.None));
        Assert.That(reader.BodyRemaining, Is.EqualTo(10));
    }

    [Test]
    public async Task A_failing_slice_handler_can_skip_the_rest_and_keep_reading()
    {
        var (pipe, reader) = Create();
        var upload = SampleMessages.FileUpdate(100_000);
        byte[] data = [.. FrameBytes.Encode(upload, SampleMessages.BodyFor(upload)), .. FrameBytes.Encode(new PingMessage(7, 8))];
        var feeding = PipeFeeder.FeedAsync(pipe.Writer, data, () => 4096);

        await reader.ReadAsync(CancellationToken.None);
        Assert.ThrowsAsync<IOException>(async () => await reader.ReadBodyAsync((_, _) => throw new IOException("disk full"), CancellationToken.None));
        Assert.That(reader.BodyRemaining, Is.LessThan(100_000));
        await reader.SkipBodyAsync(CancellationToken.None);

        Assert.That(await PipeFeeder.WithinAsync(reader.ReadAsync(CancellationToken.None).AsTask()), Is.EqualTo(new PingMessage(7, 8)));
        await feeding;
    }

    [Test]
    public async Task Body_slices_never_run_into_the_next_frame()
    {
        var (pipe, reader) = Create();
        var first = SampleMessages.FileUpdate(5);
        byte[] data = [.. FrameBytes.Encode(first, "AAAAA"u8.ToArray()), .. FrameBytes.Encode(new PingMessage(1, 1))];
        await PipeFeeder.FeedAsync(pipe.Writer, data, () => data.Length);

        await reader.ReadAsync(CancellationToken.None);
        var slices = new List<byte[]>();
        await reader.ReadBodyAsync(
            (slice, _) =>
            {
                slices.Add(slice.ToArray());
                return ValueTask.CompletedTask;
            },
            CancellationToken.None);

        Assert.That(slices.SelectMany(s => s), Is.EqualTo("AAAAA"u8.ToArray()));
        Assert.That(await reader.ReadAsync(CancellationToken.None), Is.EqualTo(new PingMessage(1, 1)));
    }

    private static (Pipe Pipe, ProtocolReader Reader) Create()
    {
        var pipe = new Pipe();
        return (pipe, new ProtocolReader(pipe.Reader, FrameLimits.Default));
    }
}
