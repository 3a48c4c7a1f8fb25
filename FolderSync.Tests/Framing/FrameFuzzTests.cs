using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Pipelines;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Tests.Protocol;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Framing;

/// <summary>Seeded random and mutated frames: the parser may only succeed or throw ProtocolException, within bounded memory.</summary>
public sealed class FrameFuzzTests
{
    /// <summary>CI runs 20,000; FOLDERSYNC_FUZZ_FRAMES=1000000 runs a million on demand (as the session fuzz does).</summary>
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("FOLDERSYNC_FUZZ_FRAMES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int asked) ? asked : 20_000;
    private const long MaxAllocationPerInput = 1024 * 1024;

    private const string JsonAlphabet = "{}[]\":,0123456789-etrufalsn \\";

    private static readonly uint[] BoundaryLengths =
        [0, 1, 2, 3, 4, 0xFFFF, 0x10000, 0x10001, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];

    private static readonly byte[][] Valid =
        [.. SampleMessages.All().Select(m => FrameBytes.Encode(m, SampleMessages.BodyFor(m)))];

    [Test]
    public void Mutated_frames_only_ever_parse_or_throw_a_protocol_exception()
    {
        var random = new Random(20261123);
        var parser = new FrameHeaderReader(FrameLimits.Default);
        int parsed = 0, refused = 0, incomplete = 0;
        long worstAllocation = 0;
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = Mutate(random);
            var sequence = TestSequence.Random(input, random, random.Next(1, 200));
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                switch (ParseAll(parser, sequence))
                {
                    case true: parsed++; break;
                    case false: incomplete++; break;
                }
            }
            catch (ProtocolException)
            {
                refused++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {i}: {ex}\ninput: {Convert.ToHexString(input)}");
            }

            worstAllocation = Math.Max(worstAllocation, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        TestContext.Out.WriteLine($"{Iterations} inputs: {parsed} parsed whole, {incomplete} incomplete, {refused} refused; worst allocation {worstAllocation} bytes");
        Assert.That(worstAllocation, Is.LessThan(MaxAllocationPerInput));
        Assert.That(refused, Is.GreaterThan(Iterations / 10), "the mutations must actually reach the error paths");
        Assert.That(parsed, Is.GreaterThan(Iterations / 50), "and some must survive");
    }

    [Test]
    public async Task Mutated_streams_through_the_protocol_reader_end_without_hanging()
    {
        var random = new Random(77);
        for (int i = 0; i < 300; i++)
        {
            byte[] input = Mutate(random);
            var pipe = new Pipe();
            var feeding = PipeFeeder.FeedAsync(pipe.Writer, input, () => random.Next(1, 64));
            var reader = new ProtocolReader(pipe.Reader, FrameLimits.Default);
            try
            {
                await PipeFeeder.WithinAsync(ReadToEndAsync(reader), 5);
            }
            catch (ProtocolException)
            {
            }

            await pipe.Reader.CompleteAsync();
            await feeding;
        }
    }

    /// <summary>True when the input held only whole frames, false when it ended inside one.</summary>
    private static bool ParseAll(FrameHeaderReader parser, ReadOnlySequence<byte> input)
    {
        while (!input.IsEmpty)
        {
            var consumed = input.Start;
            var examined = input.End;
            if (!parser.TryParseMessage(input, ref consumed, ref examined, out var message))
            {
                Assert.That(consumed, Is.EqualTo(input.Start));
                return false;
            }

            input = input.Slice(consumed);
            if (input.Length < message.BodyLength)
            {
                return false;
            }

            input = input.Slice(message.BodyLength);
        }

        return true;
    }

    private static async Task ReadToEndAsync(ProtocolReader reader)
    {
        while (await reader.ReadAsync(CancellationToken.None) is not null)
        {
            await reader.SkipBodyAsync(CancellationToken.None);
        }
    }

    private static byte[] Mutate(Random random)
    {
        byte[] frame = [.. Valid[random.Next(Valid.Length)]];
        switch (random.Next(7))
        {
            case 0: // bit flips
                for (int flips = random.Next(1, 9); flips > 0; flips--)
                {
                    frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(8));
                }

                return frame;
            case 1: // truncation
                return frame[..random.Next(frame.Length)];
            case 2: // splice two frames at random points
                byte[] other = Valid[random.Next(Valid.Length)];
                return [.. frame[..random.Next(frame.Length)], .. other[random.Next(other.Length)..]];
            case 3: // boundary lengths
                BinaryPrimitives.WriteUInt32BigEndian(frame, BoundaryLengths[random.Next(BoundaryLengths.Length)]);
                return frame;
            case 4: // random bytes
                var noise = new byte[random.Next(0, 300)];
                random.NextBytes(noise);
                return noise;
            case 5: // overwrite a run inside the header with random printable JSON-ish bytes
                int start = random.Next(4, frame.Length);
                for (int j = start; j < Math.Min(frame.Length, start + random.Next(1, 12)); j++)
                {
                    frame[j] = (byte)JsonAlphabet[random.Next(JsonAlphabet.Length)];
                }

                return frame;
            default: // several valid frames back to back, the last one cut
                byte[] more = Valid[random.Next(Valid.Length)];
                return [.. frame, .. more[..random.Next(more.Length + 1)]];
        }
    }
}
