using System.Diagnostics.CodeAnalysis;

namespace FolderSync.Common.Protocol;

/// <summary>Throw helpers: keep the hot parse paths small and let the compiler see they never return.</summary>
public static class ProtocolThrow
{
    [DoesNotReturn]
    public static void Violation(string message) => throw new ProtocolException(message);

    [DoesNotReturn]
    public static void Protocol(ErrorCode code, string message) => throw new ProtocolException(code, message);

    [DoesNotReturn]
    public static T Protocol<T>(ErrorCode code, string message) => throw new ProtocolException(code, message);

    [DoesNotReturn]
    public static void ClosedMidFrame(string where, long received, long expected) =>
        throw new ProtocolException($"connection closed mid-frame ({where}: {received} of {expected} bytes received)");
}
