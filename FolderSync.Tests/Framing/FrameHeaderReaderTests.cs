using System.Buffers;
using System.Text;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Tests.Protocol;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Framing;

public sealed class FrameHeaderReaderTests
{
    private static readonly FrameHeaderReader Parser = new(FrameLimits.Default);

    private static IEnumerable<Message> Samples() => SampleMessages.All();

    [TestCaseSource(nameof(Samples))]
    public void Every_prefix_of_a_valid_frame_is_incomplete_and_consumes_nothing(Message sample)
    {
        byte[] frame = FrameBytes.Encode(sample);
        for (int length = 0; length < frame.Length; length++)
        {
            foreach (var input in new[] { new ReadOnlySequence<byte>(frame, 0, length), TestSequence.OneBytePerSegment(frame.AsSpan(0, length)) })
            {
                var consumed = default(SequencePosition);
                var examined = default(SequencePosition);
                bool parsed = Parser.TryParseMessage(input, ref consumed, ref examined, out var message);

                Assert.That(parsed, Is.False, $"prefix of {length} bytes");
                Assert.That(message, Is.Null);
                Assert.That(consumed, Is.EqualTo(input.Start), "consumed must be the start");
                Assert.That(examined, Is.EqualTo(input.End), "examined must be the end");
            }
        }
    }

    [TestCaseSource(nameof(Samples))]
    public void A_complete_frame_parses_in_any_segmentation_and_consumes_only_the_header(Message sample)
    {
        byte[] frame = FrameBytes.Encode(sample, SampleMessages.BodyFor(sample));
        int headerEnd = frame.Length - (int)sample.BodyLength;
        var random = new Random(7);
        var inputs = new[]
        {
            new ReadOnlySequence<byte>(frame),
            TestSequence.OneBytePerSegment(frame),
            TestSequence.Random(frame, random, 3),
            TestSequence.Random(frame, random, 50),
        };
        foreach (var input in inputs)
        {
            var consumed = default(SequencePosition);
            var examined = default(SequencePosition);
            Assert.That(Parser.TryParseMessage(input, ref consumed, ref examined, out var message), Is.True);
            Assert.That(SampleMessages.Describe(message!), Is.EqualTo(SampleMessages.Describe(sample)));
            Assert.That(input.Slice(input.Start, consumed).Length, Is.EqualTo(headerEnd));
            Assert.That(examined, Is.EqualTo(consumed));
        }
    }

    [TestCase(0xFFFFFFFFu)]
    [TestCase(0x7FFFFFFFu)]
    [TestCase(0x80000000u)]
    [TestCase((uint)FrameLimits.DefaultMaxHeaderBytes + 1)]
    public void A_huge_length_prefix_is_refused_before_any_large_allocation(uint length)
    {
        byte[] frame = FrameBytes.Raw([(byte)'{'], length);
        var input = new ReadOnlySequence<byte>(frame);
        var consumed = default(SequencePosition);
        var examined = default(SequencePosition);
        ProtocolException? error = null;

        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            _ = Parser.TryParseMessage(input, ref consumed, ref examined, out _);
        }
        catch (ProtocolException ex)
        {
            error = ex;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        TestContext.Out.WriteLine($"length 0x{length:X8}: {allocated} bytes allocated (exception included)");
        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Code, Is.EqualTo(ErrorCode.FrameTooLarge));
        Assert.That(allocated, Is.LessThan(16 * 1024));
    }

    [Test]
    public void A_header_at_the_limit_is_accepted_and_a_smaller_limit_is_enforced()
    {
        var small = new FrameHeaderReader(new FrameLimits { MaxHeaderBytes = 1024 });
        string padding = new('x', 1024 - """{"type":"PING","id":1,"clockUnixMs":2,"pad":""}""".Length);
        byte[] atLimit = FrameBytes.Raw($$"""{"type":"PING","id":1,"clockUnixMs":2,"pad":"{{padding}}"}""");
        byte[] overLimit = FrameBytes.Raw($$"""{"type":"PING","id":1,"clockUnixMs":2,"pad":"{{padding}}x"}""");

        Assert.That(Parse(atLimit, small), Is.InstanceOf<PingMessage>());
        Assert.That(Code(overLimit, small), Is.EqualTo(ErrorCode.FrameTooLarge));
    }

    [TestCase("""{"type":"FILE_UPDATE","requestId":1,"path":"a","size":-1,"mtimeNs":0,"sha256":"","baseSha256":null,"sequence":0,"origin":null}""", ErrorCode.ProtocolViolation, TestName = "negative body size")]
    [TestCase("""{"type":"FILE_UPDATE","requestId":1,"path":"a","size":104857601,"mtimeNs":0,"sha256":"","baseSha256":null,"sequence":0,"origin":null}""", ErrorCode.BodyTooLarge, TestName = "body over the limit")]
    [TestCase("""{"type":"FILE_UPDATE","requestId":1,"path":"a","size":9223372036854775807,"mtimeNs":0,"sha256":"","baseSha256":null,"sequence":0,"origin":null}""", ErrorCode.BodyTooLarge, TestName = "body of long.MaxValue")]
    [TestCase("""{"type":"FILE_UPDATE","requestId":1,"path":"a","size":10,"mtimeNs":0,"sha256":"","baseSha256":null,"sequence":0,"origin":null,"encoding":"br"}""", ErrorCode.ProtocolViolation, TestName = "encoding without wireSize")]
    [TestCase("""{"type":"FILE_UPDATE","requestId":1,"path":"a","size":10,"mtimeNs":0,"sha256":"","baseSha256":null,"sequence":0,"origin":null,"wireSize":4}""", ErrorCode.ProtocolViolation, TestName = "wireSize without encoding")]
    [TestCase("""{"type":"FILE_UPDATE","requestId":1,"path":"a","size":10,"mtimeNs":0,"sha256":"","baseSha256":null,"sequence":0,"origin":null,"encoding":"zip","wireSize":4}""", ErrorCode.ProtocolViolation, TestName = "unknown encoding")]
    [TestCase("""{"type":"FILE_UPDATE","requestId":1,"path":"a","size":104857601,"mtimeNs":0,"sha256":"","baseSha256":null,"sequence":0,"origin":null,"encoding":"br","wireSize":4}""", ErrorCode.BodyTooLarge, TestName = "encoded body decoding over the limit")]
    [TestCase("""{"type":"FILE_UPDATE","requestId":1,"path":"a","size":10,"mtimeNs":0,"sha256":"","baseSha256":null,"sequence":0,"origin":null,"encoding":"br","wireSize":-1}""", ErrorCode.ProtocolViolation, TestName = "negative wireSize")]
    [TestCase("""{"type":"WELCOME","protocolVersion":1,"folder":"f","access":"Full","sequence":0,"fullIndex":true,"clockUnixMs":0,"capabilities":[null]}""", ErrorCode.ProtocolViolation, TestName = "null welcome capability")]
    [TestCase("""{"type":"PING","id":1,"clockUnixMs":2""", ErrorCode.ProtocolViolation, TestName = "truncated JSON")]
    [TestCase("""not json""", ErrorCode.ProtocolViolation, TestName = "not JSON")]
    [TestCase("""null""", ErrorCode.ProtocolViolation, TestName = "JSON null")]
    [TestCase("""[1,2]""", ErrorCode.ProtocolViolation, TestName = "JSON array")]
    [TestCase("""{"type":"PING","id":1,"clockUnixMs":2}{}""", ErrorCode.ProtocolViolation, TestName = "trailing data")]
    [TestCase("""{"type":"NOPE","id":1}""", ErrorCode.ProtocolViolation, TestName = "unknown type")]
    [TestCase("""{"id":1,"clockUnixMs":2}""", ErrorCode.ProtocolViolation, TestName = "missing type")]
    [TestCase("""{"type":"PING","id":1,"id":2,"clockUnixMs":2}""", ErrorCode.ProtocolViolation, TestName = "duplicate key")]
    [TestCase("""{"type":"PING","type":"PONG","id":1,"clockUnixMs":2}""", ErrorCode.ProtocolViolation, TestName = "duplicate type")]
    [TestCase("""{"type":"PING","id":1}""", ErrorCode.ProtocolViolation, TestName = "missing required field")]
    [TestCase("""{"type":"FILE_REQUEST","path":null}""", ErrorCode.ProtocolViolation, TestName = "null in a non-nullable field")]
    [TestCase("""{"type":"ACK","requestId":1,"outcome":"Maybe","sequence":0,"path":null,"conflictPath":null,"message":null}""", ErrorCode.ProtocolViolation, TestName = "unknown enum value")]
    [TestCase("""{"type":"PING","id":"1","clockUnixMs":2}""", ErrorCode.ProtocolViolation, TestName = "number as string")]
    [TestCase("""{"type":"PING","id":1e400,"clockUnixMs":2}""", ErrorCode.ProtocolViolation, TestName = "number out of range")]
    [TestCase("""{"type":"INDEX_BATCH","entries":[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]}""", ErrorCode.ProtocolViolation, TestName = "nesting too deep")]
    [TestCase("""{"type":"INDEX_BATCH","entries":[null]}""", ErrorCode.ProtocolViolation, TestName = "null index entry")]
    [TestCase("""{"type":"HELLO","protocolVersion":1,"clientId":"c","folder":"f","lastSequence":0,"clockUnixMs":0,"capabilities":[null]}""", ErrorCode.ProtocolViolation, TestName = "null capability")]
    [TestCase("""{"type":"HELLO","protocolVersion":1,"clientId":"c","folder":"f","lastSequence":0,"clockUnixMs":0,"capabilities":null}""", ErrorCode.ProtocolViolation, TestName = "null capabilities")]
    public void A_malformed_header_throws_a_protocol_exception(string json, ErrorCode expected)
    {
        Assert.That(Code(FrameBytes.Raw(json), Parser), Is.EqualTo(expected));
    }

    [Test]
    public void An_empty_header_is_malformed() => Assert.That(Code(FrameBytes.Raw([]), Parser), Is.EqualTo(ErrorCode.ProtocolViolation));

    [TestCase(new byte[] { 0xC3, 0x28 }, TestName = "invalid 2-byte sequence")]
    [TestCase(new byte[] { 0xFF }, TestName = "0xFF")]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 }, TestName = "encoded surrogate")]
    [TestCase(new byte[] { 0xC0, 0xAF }, TestName = "overlong slash")]
    public void Invalid_utf8_in_the_header_is_malformed(byte[] bad)
    {
        byte[] header = [.. "{\"type\":\"FILE_REQUEST\",\"path\":\"a"u8, .. bad, .. "\"}"u8];
        Assert.That(Code(FrameBytes.Raw(header), Parser), Is.EqualTo(ErrorCode.ProtocolViolation));
    }

    [Test]
    public void Unknown_extra_properties_are_ignored_and_type_may_come_later()
    {
        var message = Parse(FrameBytes.Raw("""{"id":1,"future":{"x":[1]},"type":"PING","clockUnixMs":2}"""), Parser);
        Assert.That(message, Is.EqualTo(new PingMessage(1, 2)));
    }

    private static Message Parse(byte[] frame, FrameHeaderReader parser)
    {
        var input = new ReadOnlySequence<byte>(frame);
        var consumed = default(SequencePosition);
        var examined = default(SequencePosition);
        Assert.That(parser.TryParseMessage(input, ref consumed, ref examined, out var message), Is.True);
        return message!;
    }

    private static ErrorCode Code(byte[] frame, FrameHeaderReader parser)
    {
        var input = TestSequence.Random(frame, new Random(frame.Length), 16);
        var consumed = default(SequencePosition);
        var examined = default(SequencePosition);
        var error = Assert.Throws<ProtocolException>(() => parser.TryParseMessage(input, ref consumed, ref examined, out _));
        TestContext.Out.WriteLine($"{Encoding.UTF8.GetString(frame.AsSpan(4))} -> {error!.Code}: {error.Message}");
        return error.Code;
    }
}
