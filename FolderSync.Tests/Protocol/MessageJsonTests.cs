using System.Text;
using System.Text.Json;
using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;
using FolderSync.Tests.Framing;

namespace FolderSync.Tests.Protocol;

public sealed class MessageJsonTests
{
    [TestCase(typeof(HelloMessage), "HELLO")]
    [TestCase(typeof(WelcomeMessage), "WELCOME")]
    [TestCase(typeof(IndexBatchMessage), "INDEX_BATCH")]
    [TestCase(typeof(IndexEndMessage), "INDEX_END")]
    [TestCase(typeof(FileRequestMessage), "FILE_REQUEST")]
    [TestCase(typeof(FileUpdateMessage), "FILE_UPDATE")]
    [TestCase(typeof(FileDeltaMessage), "FILE_DELTA")]
    [TestCase(typeof(DirCreateMessage), "DIR_CREATE")]
    [TestCase(typeof(FileDeleteMessage), "FILE_DELETE")]
    [TestCase(typeof(FileMoveMessage), "FILE_MOVE")]
    [TestCase(typeof(AckMessage), "ACK")]
    [TestCase(typeof(PingMessage), "PING")]
    [TestCase(typeof(PongMessage), "PONG")]
    [TestCase(typeof(ErrorMessage), "ERROR")]
    [TestCase(typeof(ControlRequestMessage), "CONTROL_REQUEST")]
    [TestCase(typeof(ControlResponseMessage), "CONTROL_RESPONSE")]
    public void Each_type_carries_its_discriminator_first(Type type, string discriminator)
    {
        var message = SampleMessages.All().First(m => m.GetType() == type);
        Assert.That(SampleMessages.Describe(message), Does.StartWith($$"""{"type":"{{discriminator}}","""));
    }

    [Test]
    public void Properties_are_camel_case_enums_are_strings_and_body_length_stays_off_the_wire()
    {
        var update = SampleMessages.FileUpdate(5) with { BaseSha256 = "b", Origin = "laptop-1" };
        Assert.That(
            SampleMessages.Describe(update),
            Is.EqualTo($$"""{"type":"FILE_UPDATE","requestId":12,"path":"notes/todo.txt","size":5,"mtimeNs":1764000000000000001,"sha256":"{{SampleMessages.Sha}}","baseSha256":"b","sequence":0,"origin":"laptop-1"}"""));
        Assert.That(update.BodyLength, Is.EqualTo(5));

        var welcome = SampleMessages.Describe(new WelcomeMessage(1, "docs", AccessMode.ReadOnly, 3, true, 4));
        Assert.That(welcome, Does.Contain("\"access\":\"ReadOnly\""));
        var delete = SampleMessages.Describe(new FileDeleteMessage(1, "a", EntryKind.Directory, null, 0, null));
        Assert.That(delete, Does.Contain("\"kind\":\"Directory\"").And.Contain("\"baseSha256\":null"));
        var ack = SampleMessages.Describe(new AckMessage(1, AckOutcome.NoChange, 0, null, null, null));
        Assert.That(ack, Does.Contain("\"outcome\":\"NoChange\""));
        Assert.That(SampleMessages.Describe(new ErrorMessage(ErrorCode.HashMismatch, "m", null, 0)), Does.Contain("\"code\":\"HashMismatch\""));
        Assert.That(SampleMessages.All().Select(SampleMessages.Describe), Has.None.Contains("bodyLength"));
    }

    [Test]
    public void Every_sample_survives_a_json_round_trip()
    {
        foreach (var message in SampleMessages.All())
        {
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJsonContext.Default.Message);
            var back = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.Message);
            Assert.That(back!.GetType(), Is.EqualTo(message.GetType()));
            Assert.That(SampleMessages.Describe(back), Is.EqualTo(Encoding.UTF8.GetString(json)));
        }
    }

    [Test]
    public void An_incompatible_hello_gets_a_clear_unsupported_version_error()
    {
        var hello = (HelloMessage)SampleMessages.All().First(m => m is HelloMessage);
        Assert.That(ProtocolVersion.Check(hello), Is.Null);

        int unknown = ProtocolVersion.Current + 1;
        var error = ProtocolVersion.Check(hello with { ProtocolVersion = unknown });
        Assert.That(error!.Code, Is.EqualTo(ErrorCode.UnsupportedVersion));
        Assert.That(error.Message, Does.Contain($"version {unknown}").And.Contain($"version {ProtocolVersion.Current}"));
    }

    [Test]
    public void Version_2_carries_modes_and_a_version_1_hello_is_refused()
    {
        Assert.That(ProtocolVersion.Current, Is.EqualTo(2));
        var hello = (HelloMessage)SampleMessages.All().First(m => m is HelloMessage);
        var error = ProtocolVersion.Check(hello with { ProtocolVersion = 1 });
        Assert.That(error!.Code, Is.EqualTo(ErrorCode.UnsupportedVersion));
        Assert.That(error.Message, Does.Contain("version 1"));
    }

    [Test]
    public void Modes_are_optional_numbers_on_the_wire()
    {
        var update = new FileUpdateMessage(1, "run.sh", 3, 4, new string('a', 64), null, 0, null);
        string plain = SampleMessages.Describe(update);
        Assert.That(plain, Does.Not.Contain("mode"), "an update without a known mode says nothing of it");
        Assert.That(SampleMessages.Describe(update with { Mode = 0x1ED }), Does.Contain("\"mode\":493"));

        var back = JsonSerializer.Deserialize("{\"type\":\"FILE_MODE\",\"requestId\":0,\"path\":\"run.sh\",\"sha256\":\"ab\",\"mode\":493,\"baseMode\":null,\"sequence\":7,\"origin\":\"server\"}"u8, ProtocolJsonContext.Default.Message);
        Assert.That(back, Is.EqualTo(new FileModeMessage(0, "run.sh", "ab", 0x1ED, null, 7, "server")));
    }

    [Test]
    public void Errors_on_the_wire_carry_code_and_message_never_a_stack_trace()
    {
        var known = new ProtocolException(ErrorCode.BadPath, "path: path is absolute").ToErrorMessage("x");

        Assert.That(known, Is.EqualTo(new ErrorMessage(ErrorCode.BadPath, "path: path is absolute", "x", 0)));
        Assert.That(SampleMessages.Describe(known), Does.Not.Contain(" at "));
    }

    [Test]
    public void Every_error_code_the_issue_names_exists() =>
        Assert.That(
            Enum.GetNames<ErrorCode>(),
            Is.SupersetOf(new[]
            {
                "ProtocolViolation", "UnsupportedVersion", "BadPath", "FrameTooLarge", "BodyTooLarge", "HashMismatch", "AccessDenied",
                "UnknownFolder", "AuthenticationFailed", "Conflict", "NotFound", "IoError", "Internal", "RateLimited",
            }));

    [Test]
    public void Frame_bytes_start_with_the_big_endian_header_length()
    {
        byte[] frame = FrameBytes.Encode(new PingMessage(1, 2));
        Assert.That(frame[..4], Is.EqualTo(new byte[] { 0, 0, 0, (byte)(frame.Length - 4) }));
    }
}
