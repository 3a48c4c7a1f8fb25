namespace FolderSync.Common.Delta;

/// <summary>One content-defined chunk of a file: where it is and what it holds.</summary>
public readonly record struct Chunk(long Offset, int Length, ChunkHash Hash)
{
    public long End => Offset + Length;
}
