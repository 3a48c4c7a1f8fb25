using System.Buffers;
using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Framing;

/// <summary>Inputs the fuzzer found, kept so they stay fixed.</summary>
public sealed class FuzzRegressionTests
{
    // FrameFuzzTests seed 20261123, iteration 3709: the header length cuts a `null` literal short. Split across
    // segments, Utf8JsonReader's multi-segment literal check threw IndexOutOfRangeException instead of JsonException.
    private const string TruncatedLiteral =
        "000000BD7B2274797065223A2246494C455F4D4F5645222C22726571756573744964223A352C2266726F6D223A22612F782E747874222C22746F223A22622F792E747874222C226B696E64223A2246696C65222C22736861323536223A223263663234646261356662306133306532366538336232616335623965323965316231363165356331666137343236323933386239383234222C2262617365536861323536223A6E756C6C2C2273657175656E6365223A302C226F726967696E223A6E756C6C7D";

    [Test]
    public void A_literal_cut_short_across_segments_is_a_protocol_violation()
    {
        byte[] input = Convert.FromHexString(TruncatedLiteral);
        var parser = new FrameHeaderReader(FrameLimits.Default);
        var splits = new List<ReadOnlySequence<byte>> { TestSequence.OneBytePerSegment(input) };
        for (int at = input.Length - 12; at < input.Length; at++)
        {
            splits.Add(TestSequence.Create(input, at));
        }

        foreach (var sequence in splits)
        {
            var consumed = default(SequencePosition);
            var examined = default(SequencePosition);
            var error = Assert.Throws<ProtocolException>(() => parser.TryParseMessage(sequence, ref consumed, ref examined, out _));
            Assert.That(error!.Code, Is.EqualTo(ErrorCode.ProtocolViolation));
        }
    }
}
