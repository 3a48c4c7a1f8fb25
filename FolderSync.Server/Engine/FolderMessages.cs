using FolderSync.Common.Delta;
using FolderSync.Common.Protocol;
using FolderSync.Common.State;
using FolderSync.Common.Sync;

namespace FolderSync.Server.Engine;

/// <summary>The messages that push a recorded row to clients, and how the log names them.</summary>
internal static class FolderMessages
{
    /// <summary>The change that produced <paramref name="record"/>: a tombstone is a delete, a live row its content.</summary>
    public static Message ToMessage(FileRecord record) => record switch
    {
        { Deleted: true } => new FileDeleteMessage(0, record.Path.Value, record.Kind, record.Sha256, record.Sequence, record.Origin),
        { Kind: EntryKind.Directory } => new DirCreateMessage(0, record.Path.Value, record.MtimeNs, record.Sequence, record.Origin),
        _ => new FileUpdateMessage(0, record.Path.Value, record.Size, record.MtimeNs, record.Sha256, null, record.Sequence, record.Origin) { Mode = record.Mode },
    };

    /// <summary>A chmod of a live file: its mode without its body.</summary>
    public static FileModeMessage ToModeMessage(FileRecord record) =>
        new(0, record.Path.Value, record.Sha256, record.Mode ?? FileModes.Default, null, record.Sequence, record.Origin);

    /// <summary>A new version of a large file as copies from the version clients hold plus literals.</summary>
    public static FileDeltaMessage ToDelta(FileRecord record, DeltaPlan plan) => ToDelta(record, plan.BaseSha256, plan.Ops);

    public static FileDeltaMessage ToDelta(FileRecord record, string baseSha256, IReadOnlyList<DeltaOp> ops) =>
        new(0, record.Path.Value, record.Size, record.MtimeNs, record.Sha256, baseSha256, record.Sequence, record.Origin, ops) { Mode = record.Mode };

    public static string Describe(Message message) => message switch
    {
        FileUpdateMessage m => $"update {m.Path} ({m.Size} bytes, seq {m.Sequence})",
        FileDeltaMessage m => $"delta {m.Path} ({m.Size} bytes, {m.BodyLength} sent in {m.Ops.Count} ops, seq {m.Sequence})",
        DirCreateMessage m => $"mkdir {m.Path} (seq {m.Sequence})",
        FileDeleteMessage m => $"delete {m.Path} (seq {m.Sequence})",
        FileMoveMessage m => $"move {m.From} -> {m.To} (seq {m.Sequence})",
        FileModeMessage m => $"chmod {FileModes.Format(m.Mode)} {m.Path} (seq {m.Sequence})",
        _ => message.ToString(),
    };
}
