using FolderSync.Common.FileSystem;

namespace FolderSync.Common.Transfer;

/// <summary>
/// What became of a FILE_UPDATE body: a filled temp file, or none, with <paramref name="Failure"/> set when the
/// disk refused it (full, permission: worth a retry) and null when the path is never written (a refused name).
/// </summary>
internal readonly record struct ReceivedBody(AtomicFileWriter? Temp, IOException? Failure);
