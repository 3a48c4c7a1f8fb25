using System.Runtime.InteropServices;

namespace FolderSync.Common.Native;

/// <summary>
/// The open(2) flags whose numbers differ between the architectures FolderSync runs on: x86-64 takes them from
/// include/uapi/asm-generic/fcntl.h, arm64 defines them in arch/arm64/include/uapi/asm/fcntl.h, where x86-64's
/// O_DIRECTORY and O_NOFOLLOW numbers mean O_DIRECT and O_LARGEFILE. The wrong table silently drops the
/// no-follow guarantee, so an architecture without one stops the daemon at start. Every other number in
/// <see cref="LibC"/> and <see cref="FileSystem.Errno"/> is the same on both.
/// </summary>
internal sealed record ArchitectureFlags(int ODirectory, int ONoFollow)
{
    public static ArchitectureFlags X64 { get; } = new(ODirectory: 0x10000, ONoFollow: 0x20000);

    public static ArchitectureFlags Arm64 { get; } = new(ODirectory: 0x4000, ONoFollow: 0x8000);

    /// <summary>This process's; the daemons check <see cref="Problem"/> at start, before any call needs it.</summary>
    public static ArchitectureFlags Current =>
        For(RuntimeInformation.ProcessArchitecture) ?? throw new PlatformNotSupportedException(Problem(RuntimeInformation.ProcessArchitecture));

    public static ArchitectureFlags? For(Architecture architecture) => architecture switch
    {
        Architecture.X64 => X64,
        Architecture.Arm64 => Arm64,
        _ => null,
    };

    /// <summary>Why FolderSync cannot run on <paramref name="architecture"/>, or null when it can.</summary>
    public static string? Problem(Architecture architecture) => For(architecture) is null
        ? $"{architecture} is not supported; FolderSync runs on Linux x64 and arm64 only"
        : null;
}
