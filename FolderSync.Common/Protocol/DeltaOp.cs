using System.Text.Json.Serialization;

namespace FolderSync.Common.Protocol;

/// <summary>
/// One step of a FILE_DELTA, in the order of the new file: copy <paramref name="Length"/> bytes of the base
/// version from <paramref name="BaseOffset"/>, or (null offset) take the next <paramref name="Length"/> bytes of the body.
/// </summary>
public sealed record DeltaOp(long? BaseOffset, long Length)
{
    [JsonIgnore]
    public bool IsLiteral => BaseOffset is null;

    public static DeltaOp Copy(long baseOffset, long length) => new(baseOffset, length);

    public static DeltaOp Literal(long length) => new(null, length);
}
