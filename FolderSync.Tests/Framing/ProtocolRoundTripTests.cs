using System.IO.Pipelines;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Tests.Protocol;

namespace FolderSync.Tests.Framing;

public sealed class ProtocolRoundTripTests
{
    public enum Delivery
    {
        Whole,
        OneByte,
        RandomSegments,
    }

    [TestCase(Delivery.Whole)]
    [TestCase(Delivery.OneByte)]
    [TestCase(Delivery.RandomSegments)]
    public async Task Every_message_type_arrives_intact_with_and_without_bodies(Delivery delivery)
    {
        var messages = SampleMessages.All().ToList();
        Assert.That(messages.Select(m => m.GetType()).Distinct().Count(), Is.EqualTo(17), "every message type is covered");
        byte[] stream = [.. messages.SelectMany(m => FrameBytes.Encode(m, SampleMessages.BodyFor(m)))];
        var random = new Random(1234);
        Func<int> chunk = delivery switch
        {
            Delivery.Whole => () => stream.Length,
            Delivery.OneByte => () => 1,
            _ => () => random.Next(1, 200),
        };

        var pipe = new Pipe();
        var feeding = PipeFeeder.FeedAsync(pipe.Writer, stream, chunk);
        var received = await PipeFeeder.WithinAsync(ReadAllAsync(new ProtocolReader(pipe.Reader, FrameLimits.Default)));
        await feeding;

        Assert.That(received.Select(r => SampleMessages.Describe(r.Message)), Is.EqualTo(messages.Select(SampleMessages.Describe)));
        for (int i = 0; i < messages.Count; i++)
        {
            Assert.That(received[i].Body, Is.EqualTo(SampleMessages.BodyFor(messages[i])), $"body of message {i}");
        }
    }

    [Test]
    public async Task The_protocol_writer_and_reader_agree_through_a_pipe()
    {
        var messages = SampleMessages.All().ToList();
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4096, resumeWriterThreshold: 2048));
        var writer = new ProtocolWriter(pipe.Writer, FrameLimits.Default);
        var writing = Task.Run(async () =>
        {
            foreach (var message in messages)
            {
                if (message.BodyLength > 0)
                {
                    await writer.WriteAsync(message, new MemoryStream(SampleMessages.BodyFor(message)), CancellationToken.None);
                }
                else
                {
                    await writer.WriteAsync(message, CancellationToken.None);
                }
            }

            await writer.CompleteAsync();
        });

        var received = await PipeFeeder.WithinAsync(ReadAllAsync(new ProtocolReader(pipe.Reader, FrameLimits.Default)));
        await writing;

        Assert.That(received.Select(r => SampleMessages.Describe(r.Message)), Is.EqualTo(messages.Select(SampleMessages.Describe)));
        Assert.That(received.Select(r => r.Body), Is.EqualTo(messages.Select(SampleMessages.BodyFor)));
    }

    internal static async Task<List<(Message Message, byte[] Body)>> ReadAllAsync(ProtocolReader reader)
    {
        var received = new List<(Message, byte[])>();
        while (await reader.ReadAsync(CancellationToken.None) is { } message)
        {
            var body = new MemoryStream();
            await reader.CopyBodyToAsync(body, CancellationToken.None);
            received.Add((message, body.ToArray()));
        }

        return received;
    }
}
