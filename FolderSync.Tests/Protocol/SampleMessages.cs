using System.Text;
using System.Text.Json.Nodes;
using FolderSync.Common.Protocol;
using FolderSync.Common.Sync;

namespace FolderSync.Tests.Protocol;

/// <summary>One or more instances of every message type, with every optional field both set and null.</summary>
internal static class SampleMessages
{
    public const string Sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    public static IEnumerable<Message> All()
    {
        yield return new HelloMessage(ProtocolVersion.Current, "laptop-1", "docs", 42, 1_764_000_000_000, []);
        yield return new HelloMessage(ProtocolVersion.Current, "laptop-1", "docs", 0, 1, ["delta", "merge"]);
        yield return new WelcomeMessage(ProtocolVersion.Current, "docs", AccessMode.EditOnly, 1234, true, 1_764_000_000_123);
        yield return new WelcomeMessage(ProtocolVersion.Current, "docs", AccessMode.Full, 0, false, 0);
        yield return new IndexBatchMessage([]);
        yield return new IndexBatchMessage(
        [
            new IndexEntry("notes/todo.txt", EntryKind.File, 5, 1_764_000_000_000_000_000, Sha, 7, false, "server"),
            new IndexEntry("notes", EntryKind.Directory, 0, 1, string.Empty, 6, false, "laptop-1"),
            new IndexEntry("old/gone.txt", EntryKind.File, 0, 0, string.Empty, 8, true, "server"),
            new IndexEntry("ünïcødé/日本語.md", EntryKind.File, 1, 2, Sha, 9, false, "server"),
        ]);
        yield return new IndexEndMessage(1234);
        yield return new FileRequestMessage("notes/todo.txt");
        yield return FileUpdate(0);
        yield return FileUpdate(1) with { BaseSha256 = Sha, Origin = "laptop-1" };
        yield return FileUpdate(5000) with { RequestId = 0, Sequence = 99 };
        yield return new FileDeltaMessage(0, "big/log.txt", 300, 5, Sha, Sha, 60, "server", [DeltaOp.Copy(0, 100), DeltaOp.Literal(20), DeltaOp.Copy(120, 180)]);
        yield return new FileDeltaMessage(9, "big/log.txt", 100, 5, Sha, Sha, 0, null, [DeltaOp.Copy(4096, 100)]);
        yield return new DirCreateMessage(3, "a/b", 123, 0, null);
        yield return new DirCreateMessage(0, "a/b", 123, 55, "server");
        yield return new FileDeleteMessage(4, "a/b/c.txt", EntryKind.File, Sha, 0, null);
        yield return new FileDeleteMessage(0, "a/b", EntryKind.Directory, null, 56, "server");
        yield return new FileMoveMessage(5, "a/x.txt", "b/y.txt", EntryKind.File, Sha, 0, "laptop-1");
        yield return new FileMoveMessage(0, "a", "z", EntryKind.Directory, null, 57, null);
        yield return new FileModeMessage(10, "run.sh", Sha, 0x1ED, 0x1A4, 0, "laptop-1");
        yield return new FileModeMessage(0, "run.sh", Sha, 0x1A4, null, 61, "server");
        yield return FileUpdate(12) with { RequestId = 11, Mode = 0x1ED, BaseMode = 0x1A4 };
        yield return new AckMessage(5, AckOutcome.Accepted, 58, "b/y.txt", null, null);
        yield return new AckMessage(6, AckOutcome.Conflict, 59, "a.txt", "a.sync-conflict-20261122-101010-laptop-1.txt", "both changed");
        yield return new AckMessage(7, AckOutcome.Rejected, 0, null, null, "read-only folder");
        yield return new AckMessage(8, AckOutcome.NoChange, 0, null, null, null);
        yield return new PingMessage(1, 1_764_000_000_000);
        yield return new PongMessage(1, 1_764_000_000_001);
        yield return new ErrorMessage(ErrorCode.BadPath, "path: path has a '..' component", "x", 9);
        yield return new ErrorMessage(ErrorCode.RateLimited, "slow down", null, 0);
        yield return new ControlRequestMessage(1, new JsonObject { ["command"] = "history", ["path"] = "ünï/a.txt", ["limit"] = 5 });
        yield return new ControlRequestMessage(2, new JsonObject { ["command"] = "folders" });
        yield return new ControlResponseMessage(1, new JsonObject { ["ok"] = true, ["versions"] = new JsonArray(new JsonObject { ["sequence"] = 3, ["deleted"] = false, ["origin"] = null }) });
        yield return new ControlResponseMessage(2, new JsonObject { ["ok"] = false, ["error"] = "unknown command 'x'", ["code"] = "usage" });
    }

    public static FileUpdateMessage FileUpdate(long size) =>
        new(12, "notes/todo.txt", size, 1_764_000_000_000_000_001, Sha, null, 0, null);

    /// <summary>Deterministic body bytes for a message (empty when it has none).</summary>
    public static byte[] BodyFor(Message message)
    {
        var body = new byte[message.BodyLength];
        for (int i = 0; i < body.Length; i++)
        {
            body[i] = (byte)('a' + (i * 7 % 26));
        }

        return body;
    }

    /// <summary>Compare messages by their JSON (records holding arrays compare by reference).</summary>
    public static string Describe(Message message) =>
        Encoding.UTF8.GetString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJsonContext.Default.Message));
}
