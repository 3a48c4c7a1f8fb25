namespace FolderSync.Common.Delta;

/// <summary>Receives one chunk's bytes (valid only during the call) and its place in the list.</summary>
public delegate void ChunkSink(ReadOnlySpan<byte> data, Chunk chunk);
