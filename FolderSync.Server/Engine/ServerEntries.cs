using FolderSync.Common.State;
using FolderSync.Common.Sync;

namespace FolderSync.Server.Engine;

/// <summary>A recorded row as the pure decision sees it.</summary>
internal static class ServerEntries
{
    public static ServerEntry? Of(FileRecord? record) => record switch
    {
        null => null,
        { Deleted: true } => ServerEntry.Tombstone(record.Origin, new EntryState(record.Kind, record.Sha256, record.Size, record.MtimeNs)),
        _ => ServerEntry.Live(record.ToEntryState()!, record.Origin),
    };
}
