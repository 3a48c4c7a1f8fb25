using System.Buffers;
using FolderSync.Common.Delta;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Tests.Framing;

namespace FolderSync.Tests.Delta;

public sealed class FileDeltaMessageTests
{
    private const string Head = """{"type":"FILE_DELTA","requestId":0,"path":"a","mtimeNs":0,"sha256":"s","baseSha256":"b","sequence":1,"origin":null,""";

    [Test]
    public void The_body_is_the_literal_bytes()
    {
        var message = new FileDeltaMessage(0, "a", 30, 0, "s", "b", 1, null, [DeltaOp.Literal(5), DeltaOp.Copy(0, 20), DeltaOp.Literal(5)]);

        Assert.That(message.BodyLength, Is.EqualTo(10));
        Assert.That(
            Protocol.SampleMessages.Describe(message),
            Is.EqualTo("""{"type":"FILE_DELTA","requestId":0,"path":"a","size":30,"mtimeNs":0,"sha256":"s","baseSha256":"b","sequence":1,"origin":null,"ops":[{"baseOffset":null,"length":5},{"baseOffset":0,"length":20},{"baseOffset":null,"length":5}]}"""));
        Assert.That(Parse(FrameBytes.Encode(message)), Is.InstanceOf<FileDeltaMessage>());
    }

    [TestCase("""  "size":10,"ops":[{"baseOffset":0,"length":5}]}""", TestName = "ops shorter than size")]
    [TestCase("""  "size":5,"ops":[{"baseOffset":-1,"length":5}]}""", TestName = "negative offset")]
    [TestCase("""  "size":0,"ops":[{"baseOffset":null,"length":0}]}""", TestName = "empty op")]
    [TestCase("""  "size":5,"ops":[null]}""", TestName = "null op")]
    [TestCase("""  "size":-2,"ops":[{"baseOffset":null,"length":9223372036854775807},{"baseOffset":null,"length":9223372036854775807}]}""", TestName = "overflowing lengths")]
    [TestCase("""  "size":5,"ops":null}""", TestName = "null ops")]
    [TestCase("""  "size":5}""", TestName = "missing ops")]
    public void Hostile_ops_fail_the_frame(string tail)
    {
        var error = Assert.Throws<ProtocolException>(() => Parse(FrameBytes.Raw(Head + tail.TrimStart())));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.ProtocolViolation));
    }

    [Test]
    public void A_literal_body_over_the_limit_fails_before_any_body_byte()
    {
        string tail = """ "size":200000000,"ops":[{"baseOffset":null,"length":200000000}]}""";

        var error = Assert.Throws<ProtocolException>(() => Parse(FrameBytes.Raw(Head + tail.TrimStart())));

        Assert.That(error!.Code, Is.EqualTo(ErrorCode.BodyTooLarge));
    }

    [Test]
    public void The_largest_delta_the_policy_allows_fits_a_header_even_with_the_longest_path()
    {
        string path = string.Join('/', Enumerable.Repeat(new string('"', 200), 20));
        Assert.That(DeltaPolicy.MaxOps("notes/big.log"), Is.GreaterThan(1000));
        var ops = Enumerable.Range(0, DeltaPolicy.MaxOps(path))
            .Select(i => i % 2 == 0 ? DeltaOp.Copy(long.MaxValue - 65536, 65536) : DeltaOp.Literal(65536))
            .ToList();
        var message = new FileDeltaMessage(long.MaxValue, path, ops.Sum(o => o.Length), long.MaxValue, new string('a', 64), new string('b', 64), long.MaxValue, new string('o', 64), ops);

        byte[] frame = FrameBytes.Encode(message);

        TestContext.Out.WriteLine($"{ops.Count} ops and a {path.Length}-byte path: {frame.Length} header bytes");
        Assert.That(frame.Length - 4, Is.LessThan(FrameLimits.Default.MaxHeaderBytes));
    }

    private static Message? Parse(byte[] frame)
    {
        var input = new ReadOnlySequence<byte>(frame);
        SequencePosition consumed = input.Start, examined = input.End;
        return new FrameHeaderReader(FrameLimits.Default).TryParseMessage(input, ref consumed, ref examined, out var message) ? message : null;
    }
}
