using System.Text.Json.Serialization;

namespace FolderSync.Common.Protocol;

/// <summary>
/// A file's new content as a delta against a version the receiver is expected to hold (<paramref name="BaseSha256"/>):
/// <paramref name="Ops"/> rebuild the new file from ranges of the base and the body's literal bytes, which follow
/// the header concatenated (body length = sum of literal lengths). The receiver verifies <paramref name="Sha256"/>
/// over the result; if it lacks the base or the check fails it asks for the whole file (FILE_REQUEST).
/// </summary>
/// <param name="Size">Length of the new file (= sum of all op lengths).</param>
public sealed record FileDeltaMessage(
    long RequestId,
    string Path,
    long Size,
    long MtimeNs,
    string Sha256,
    string BaseSha256,
    long Sequence,
    string? Origin,
    IReadOnlyList<DeltaOp> Ops) : Message
{
    /// <summary>The file's permission bits (st_mode &amp; 0777, as a number); absent when the sender does not know it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Mode { get; init; }

    /// <summary>Client uploads: the mode of the server version the client edited, so the server keeps a mode changed only there.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BaseMode { get; init; }

    /// <summary>Sum of the literal lengths; -1 (a framing violation) when <see cref="Ops"/> is malformed.</summary>
    [JsonIgnore]
    public override long BodyLength => OpsError() is null ? Ops.Where(o => o.IsLiteral).Sum(o => o.Length) : -1;

    public RelativePath ParsePath() => WirePath.Parse(Path, "path");

    /// <summary>Why <see cref="Ops"/> cannot describe a file of <see cref="Size"/> bytes, or null when it can.</summary>
    public string? OpsError()
    {
        long total = 0;
        foreach (var op in Ops)
        {
            if (op is null)
            {
                return "FILE_DELTA holds a null op";
            }

            if (op.Length <= 0 || op.BaseOffset < 0 || op.BaseOffset > long.MaxValue - op.Length || op.Length > long.MaxValue - total)
            {
                return $"FILE_DELTA op ({op.BaseOffset}, {op.Length}) is out of range";
            }

            total += op.Length;
        }

        return total == Size ? null : $"FILE_DELTA ops cover {total} bytes, not the announced {Size}";
    }
}
