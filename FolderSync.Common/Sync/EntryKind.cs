namespace FolderSync.Common.Sync;

public enum EntryKind
{
    File,
    Directory,
}
