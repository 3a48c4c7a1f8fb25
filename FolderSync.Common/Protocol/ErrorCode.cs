namespace FolderSync.Common.Protocol;

/// <summary>Why a request or a connection failed; travels in ERROR as a string.</summary>
public enum ErrorCode
{
    /// <summary>The peer broke the protocol: invalid JSON or UTF-8, an unknown type, a missing field, an out-of-order message.</summary>
    ProtocolViolation,

    /// <summary>The HELLO named a protocol version this side does not speak.</summary>
    UnsupportedVersion,

    /// <summary>A path failed <see cref="RelativePath"/> validation.</summary>
    BadPath,

    /// <summary>A frame header exceeded <c>FrameLimits.MaxHeaderBytes</c>.</summary>
    FrameTooLarge,

    /// <summary>A body size was negative or exceeded <c>FrameLimits.MaxBodyBytes</c>.</summary>
    BodyTooLarge,

    /// <summary>Received content does not hash to the announced SHA-256.</summary>
    HashMismatch,

    /// <summary>The folder's access mode does not allow this change.</summary>
    AccessDenied,

    UnknownFolder,
    AuthenticationFailed,
    Conflict,
    NotFound,

    /// <summary>A local I/O failure (disk, a file that shrank while being sent, a lost connection).</summary>
    IoError,

    /// <summary>A bug on the reporting side; details stay in its log, never on the wire.</summary>
    Internal,

    RateLimited,
}
