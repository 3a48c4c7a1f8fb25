using FolderSync.Common.Framing;
using FolderSync.Common.Protocol;
using FolderSync.Tests.Framing;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Protocol;

public sealed class RelativePathTests
{
    private static IEnumerable<TestCaseData> BadPaths()
    {
        yield return new TestCaseData("/etc/passwd").SetName("absolute");
        yield return new TestCaseData("..").SetName("dot-dot alone");
        yield return new TestCaseData("a/../../b").SetName("dot-dot inside");
        yield return new TestCaseData("a/..").SetName("dot-dot last");
        yield return new TestCaseData(".").SetName("dot alone");
        yield return new TestCaseData("a/./b").SetName("dot inside");
        yield return new TestCaseData("a//b").SetName("empty component");
        yield return new TestCaseData("a/b/").SetName("trailing slash");
        yield return new TestCaseData("").SetName("empty");
        yield return new TestCaseData("a\0b").SetName("NUL");
        yield return new TestCaseData(string.Join('/', Enumerable.Repeat(new string('x', 200), 21))).SetName("over 4096 bytes");
        yield return new TestCaseData(new string('é', 128)).SetName("component over 255 bytes (multi-byte)");
        yield return new TestCaseData(new string('x', 256)).SetName("component over 255 bytes");
        yield return new TestCaseData("a/\uD800b").SetName("lone surrogate (invalid UTF-8)");
    }

    [TestCaseSource(nameof(BadPaths))]
    public void A_bad_path_is_refused(string bad)
    {
        Assert.That(RelativePath.TryParse(bad, out _, out var reason), Is.False);
        TestContext.Out.WriteLine(reason);
    }

    [TestCaseSource(nameof(BadPaths))]
    public void A_bad_path_in_any_message_throws_bad_path(string bad)
    {
        Message[] messages =
        [
            new FileRequestMessage(bad),
            SampleMessages.FileUpdate(0) with { Path = bad },
            new DirCreateMessage(1, bad, 0, 0, null),
            new FileDeleteMessage(1, bad, Common.Sync.EntryKind.File, null, 0, null),
            new AckMessage(1, AckOutcome.Conflict, 0, "ok", bad, null),
            new ErrorMessage(ErrorCode.NotFound, "x", bad, 0),
        ];
        foreach (var message in messages)
        {
            var error = Assert.Throws<ProtocolException>(() => ParseAnyPath(message), message.GetType().Name);
            Assert.That(error!.Code, Is.EqualTo(ErrorCode.BadPath));
        }

        var move = new FileMoveMessage(1, "ok", bad, Common.Sync.EntryKind.File, null, 0, null);
        Assert.That(move.ParseFrom().Value, Is.EqualTo("ok"));
        Assert.That(Assert.Throws<ProtocolException>(() => move.ParseTo())!.Code, Is.EqualTo(ErrorCode.BadPath));
        var entry = new IndexEntry(bad, Common.Sync.EntryKind.File, 0, 0, "", 0, false, "server");
        Assert.That(Assert.Throws<ProtocolException>(() => entry.ParsePath())!.Code, Is.EqualTo(ErrorCode.BadPath));
    }

    [TestCaseSource(nameof(BadPaths))]
    public void A_bad_path_from_the_wire_is_refused_after_framing(string bad)
    {
        // Hand-escaped, as a hostile peer would send it (our writer would replace a lone surrogate by U+FFFD).
        var parser = new FrameHeaderReader(FrameLimits.Default);
        string escaped = string.Concat(bad.Select(c => c < 0x20 || c is '"' or '\\' || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
        var input = TestSequence.Random(FrameBytes.Raw($$"""{"type":"FILE_REQUEST","path":"{{escaped}}"}"""), new Random(3), 8);
        var consumed = default(SequencePosition);
        var examined = default(SequencePosition);
        var error = Assert.Throws<ProtocolException>(() =>
        {
            Assert.That(parser.TryParseMessage(input, ref consumed, ref examined, out var message), Is.True);
            ((FileRequestMessage)message!).ParsePath();
        });
        Assert.That(error!.Code, Is.AnyOf(ErrorCode.BadPath, ErrorCode.ProtocolViolation));
    }

    [TestCase("a")]
    [TestCase("a/b/c.txt")]
    [TestCase("...")]
    [TestCase(".hidden/x")]
    [TestCase("日本語/ünï cødé.md")]
    public void A_good_path_parses_to_itself(string good)
    {
        Assert.That(new FileRequestMessage(good).ParsePath().Value, Is.EqualTo(good));
        Assert.That(new AckMessage(1, AckOutcome.Accepted, 1, null, null, null).ParsePath(), Is.Null);
    }

    /// <summary>Names Linux accepts that must sync (DESIGN: every legal name that decodes as UTF-8).</summary>
    private static IEnumerable<TestCaseData> LegalNames()
    {
        foreach (char control in Enumerable.Range(1, 31).Select(c => (char)c).Append('\u007f'))
        {
            yield return new TestCaseData($"a{control}b.txt").SetName($"control U+{(int)control:X4}");
        }

        yield return new TestCaseData("back\\slash.txt").SetName("backslash");
        yield return new TestCaseData("..\\x").SetName("backslash after dot-dot (one name)");
        yield return new TestCaseData("dir\\..\\..\\etc/passwd").SetName("backslashes that look like climbing");
        yield return new TestCaseData("say \"hi\" and 'bye'.txt").SetName("quotes");
        yield return new TestCaseData("a..b.txt").SetName("dot-dot inside a name");
        yield return new TestCaseData("..a").SetName("leading dot-dot");
        yield return new TestCaseData("a..").SetName("trailing dot-dot");
        yield return new TestCaseData("-rf").SetName("leading dash");
        yield return new TestCaseData(" spaced .txt").SetName("leading and inner spaces");
        yield return new TestCaseData("notes 📝.md").SetName("emoji");
        yield return new TestCaseData(new string('x', 251) + ".txt").SetName("255-byte name");
        yield return new TestCaseData(new string('é', 127) + "x").SetName("255-byte name of two-byte characters");
    }

    [TestCaseSource(nameof(LegalNames))]
    public void Every_legal_name_parses_to_itself(string name)
    {
        Assert.That(RelativePath.TryParse(name, out var path, out var reason), Is.True, reason);
        Assert.That(path.Value, Is.EqualTo(name));
        Assert.That(path.Depth, Is.EqualTo(name.Count(c => c == '/') + 1), "only '/' separates");
        Assert.That(new FileRequestMessage(name).ParsePath().Value, Is.EqualTo(name));
    }

    [Test]
    public void NFC_and_NFD_spellings_are_two_paths()
    {
        string nfc = "caf\u00e9.txt", nfd = "cafe\u0301.txt";

        Assert.That(RelativePath.Parse(nfc), Is.Not.EqualTo(RelativePath.Parse(nfd)));
        Assert.That(RelativePath.Parse(nfd).Value, Is.EqualTo(nfd), "no normalisation");
    }

    [Test]
    public void The_byte_limits_are_exact()
    {
        string prefix = string.Concat(Enumerable.Repeat(new string('x', 255) + "/", 15)) + new string('y', 254) + "/";
        Assert.That(RelativePath.TryParse(prefix + "a", out _), Is.True, "4096 bytes");
        Assert.That(RelativePath.TryParse(prefix + "ab", out _), Is.False, "4097 bytes");
        Assert.That(RelativePath.TryParse(new string('x', 255), out _), Is.True, "255-byte component");
    }

    private static void ParseAnyPath(Message message)
    {
        switch (message)
        {
            case FileRequestMessage m: m.ParsePath(); break;
            case FileUpdateMessage m: m.ParsePath(); break;
            case DirCreateMessage m: m.ParsePath(); break;
            case FileDeleteMessage m: m.ParsePath(); break;
            case AckMessage m: m.ParsePath(); m.ParseConflictPath(); break;
            case ErrorMessage m: m.ParsePath(); break;
            default: throw new ArgumentOutOfRangeException(nameof(message));
        }
    }
}
