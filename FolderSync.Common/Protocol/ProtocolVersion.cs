namespace FolderSync.Common.Protocol;

/// <summary>The protocol version this build speaks, and the HELLO check.</summary>
public static class ProtocolVersion
{
    /// <summary>2: permission bits travel (FILE_MODE; <c>mode</c> on FILE_UPDATE, FILE_DELTA and index entries).</summary>
    public const int Current = 2;

    /// <summary>Null when the HELLO's version is compatible, otherwise the ERROR to send before closing.</summary>
    public static ErrorMessage? Check(HelloMessage hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        return hello.ProtocolVersion == Current
            ? null
            : new ErrorMessage(
                ErrorCode.UnsupportedVersion,
                $"protocol version {hello.ProtocolVersion} is not supported; this server speaks version {Current}",
                Path: null,
                RequestId: 0);
    }
}
